// The search page: Pagefind's JS API with this site's own result markup. The query is the
// header's search box (filled from ?q=, kept in the address as you type); filters are the
// tag, year and code values Pagefind collected from the paper pages. Result URLs are made
// relative to this site's root, so the site works under a subpath. A large list's index comes
// in shards (pagefind/shards.json names them), merged here with Pagefind's mergeIndex.
(async function () {
  const element = document.getElementById("search");
  const input = document.getElementById("site-search-q");
  if (!element || !input) return;
  const root = new URL(element.dataset.root || "../", window.location.href).pathname;
  const asked = new URLSearchParams(window.location.search).get("q");
  if (asked && !input.value) input.value = asked;
  let pagefind;
  try {
    pagefind = await import(root + "pagefind/pagefind.js");
    const settings = { baseUrl: root, excerptLength: 40 };
    await pagefind.options(settings);
    const listed = await fetch(root + "pagefind/shards.json");
    const { shards } = listed.ok ? await listed.json() : { shards: [] };
    await Promise.all(shards.map((shard) => pagefind.mergeIndex(root + "pagefind/" + shard, settings)));
  } catch (error) {
    // no index (a list with no paper to index has none) or it did not load: the fallback's
    // links stay, under a line that says so rather than asking for JavaScript
    const fallback = document.getElementById("search-fallback");
    if (fallback && fallback.firstChild && fallback.firstChild.nodeType === Node.TEXT_NODE) fallback.firstChild.textContent = "There is no search index to search here. Instead, ";
    return;
  }
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const form = document.getElementById("search-filters");
  const box = document.getElementById("search-filter-box");
  const PAGE = 20;
  const NAMES = { tag: "Tag", year: "Year", code: "Code" };
  let results = [];
  let shown = 0;
  let run = 0;

  const order = (name, values) => Object.entries(values).sort((a, b) => {
    if (name === "year") return (a[0] === "no year") - (b[0] === "no year") || b[0].localeCompare(a[0]);
    return b[1] - a[1] || a[0].localeCompare(b[0]);
  });
  const filters = await pagefind.filters();
  for (const name of ["tag", "year", "code"]) {
    if (!filters[name]) continue;
    const set = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = NAMES[name];
    const values = document.createElement("div");
    values.className = name === "tag" ? "scroll" : "";
    for (const [value, count] of order(name, filters[name])) {
      const label = document.createElement("label");
      const check = document.createElement("input");
      check.type = "checkbox";
      check.name = name;
      check.value = value;
      const text = document.createElement("span");
      text.textContent = value;
      const number = document.createElement("span");
      number.className = "count";
      number.textContent = count;
      label.append(check, text, number);
      values.append(label);
    }
    set.append(legend, values);
    box.append(set);
  }
  // Filters open beside the results on a wide screen, folded above them on a phone.
  box.open = window.matchMedia("(min-width: 62rem)").matches;
  form.hidden = false;
  document.getElementById("search-fallback").hidden = true;

  const chosen = () => {
    const picked = {};
    for (const check of form.querySelectorAll("input:checked")) {
      (picked[check.name] ||= { any: [] }).any.push(check.value);
    }
    return picked;
  };
  // Pagefind's excerpt is text with <mark>: keep only text and marks.
  const excerpt = (html) => {
    const out = document.createElement("p");
    out.className = "excerpt";
    const parsed = new DOMParser().parseFromString(html, "text/html").body;
    for (const node of parsed.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.append(mark);
      } else {
        out.append(node.textContent);
      }
    }
    return out;
  };
  const draw = (data) => {
    const item = document.createElement("li");
    item.className = "search-result";
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = data.url;
    link.className = "search-result__link";
    link.textContent = data.meta.title || data.url;
    heading.append(link);
    item.append(heading);
    const facts = [data.meta.authors, data.meta.date].filter(Boolean);
    if (facts.length) {
      const meta = document.createElement("p");
      meta.className = "meta";
      meta.textContent = facts.join(" · ");
      item.append(meta);
    }
    item.append(excerpt(data.excerpt || ""));
    return item;
  };
  const showMore = async () => {
    const mine = run;
    const batch = await Promise.all(results.slice(shown, shown + PAGE).map((r) => r.data()));
    if (mine !== run) return;
    list.append(...batch.map(draw));
    shown += batch.length;
    more.hidden = shown >= results.length;
  };
  const search = async () => {
    const mine = ++run;
    const query = input.value.trim();
    const picked = chosen();
    const url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    if (!query && !Object.keys(picked).length) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "Type in the search box above, or pick a filter.";
      return;
    }
    const found = await pagefind.debouncedSearch(query || null, { filters: picked }, 200);
    if (found === null || mine !== run) return;
    results = found.results;
    shown = 0;
    list.replaceChildren();
    const n = results.length;
    status.textContent = `${n} result${n === 1 ? "" : "s"}${query ? ` for “${query}”` : ""}`;
    await showMore();
  };

  input.closest("form").addEventListener("submit", (event) => { event.preventDefault(); search(); });
  input.addEventListener("input", search);
  form.addEventListener("change", search);
  more.addEventListener("click", showMore);
  search();
})();
