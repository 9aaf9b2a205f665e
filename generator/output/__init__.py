"""Writing a built site: the one subsystem that touches the output folder.

- `guard`: which folders and files the build may write or replace;
- `files`: the site's files gathered before anything is written (`SiteFiles`, `Keyed`);
- `state`: the site as it is on disk now (`SiteState`, by `signature.Signature`);
- `manifest`: what the last build wrote (`Manifest` of `Entry`s);
- `reuse`: what a rebuild may keep of it (`keyed`, `vouched`, `same`; search shards);
- `staging`: the staging folder, swapped in whole or moved in file by file;
- `write`: `write_output`, the entry point: make every file, index, then swap or update;
- `pending`: the live preview's search, indexed after its pages are in place.
"""
