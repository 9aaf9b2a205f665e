"""`build-site lookup`: complete the listings' papers from Hugging Face's and arXiv's indexes.

Run by the owner, never by a build: the results go to content/metadata.json, which builds read.
"""
