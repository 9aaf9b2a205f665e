// What real clients read from a built site, as JSON on stdout, for tests/test_scholarly_readers.py:
// html-metadata (the scraper behind Wikipedia's Citoid) on every HTML page (Highwire Press and
// Dublin Core tags on paper pages, COinS spans everywhere), and citation-js on papers.bib, every
// paper's and tag's .bib and papers.csl.json. Usage: node read_site.cjs SITE_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const scrape = require('html-metadata');
const { Cite } = require('@citation-js/core');
require('@citation-js/plugin-bibtex');
require('@citation-js/plugin-csl');

const site = process.argv[2];

function files(folder, ending) {
  const found = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory() && entry.name !== 'pagefind' && entry.name !== 'static') {
      found.push(...files(full, ending));
    } else if (entry.isFile() && entry.name.endsWith(ending)) {
      found.push(full);
    }
  }
  return found.sort();
}

// citation-js reports what it cannot read through console.warn/error: collect it per file
function cite(input, options) {
  const said = [];
  const { warn, error } = console;
  console.warn = console.error = (...args) => said.push(args.join(' '));
  try {
    const data = new Cite(input, options).data;
    return { entries: data.map((e) => ({ key: e['citation-key'] || e.id, title: e.title,
                                        type: e.type, author: (e.author || []).length })),
             problems: said };
  } catch (failure) {
    return { entries: [], problems: [...said, String(failure)] };
  } finally {
    Object.assign(console, { warn, error });
  }
}

async function main() {
  const pages = {};
  for (const file of files(site, '.html')) {
    const relative = path.relative(site, file).split(path.sep).join('/');
    // every reader html-metadata has, as Citoid runs it; a kind it finds nothing of is absent
    const found = await scrape.loadFromString(fs.readFileSync(file, 'utf8')).catch(() => ({}));
    pages[relative] = { highwire: found.highwirePress || null,
                        dublinCore: found.dublinCore || null, coins: found.coins || [] };
  }
  const bib = {};
  for (const file of files(site, '.bib')) {
    bib[path.relative(site, file).split(path.sep).join('/')] = cite(
      fs.readFileSync(file, 'utf8'), { forceType: '@bibtex/text' });
  }
  const cslFile = path.join(site, 'papers.csl.json');
  const csl = fs.existsSync(cslFile)
    ? cite(JSON.parse(fs.readFileSync(cslFile, 'utf8')), { forceType: '@csl/list+object' })
    : null;
  process.stdout.write(JSON.stringify({ pages, bib, csl }));
}

main().catch((failure) => { console.error(failure); process.exit(1); });
