// The search page: Pagefind's default UI, filled in from ?q= (the header's search box).
// Result URLs are made relative to this site's root, so the site works under a subpath.
(function () {
  const element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  const root = new URL(element.dataset.root || "../", window.location.href).pathname;
  const ui = new PagefindUI({
    element: "#search",
    baseUrl: root,
    showSubResults: false,
    showImages: false,
    resetStyles: false,
    translations: { placeholder: "Search papers" },
  });
  // Pagefind's input has only a placeholder: name it by the page's visible heading.
  const input = element.querySelector("input");
  if (input) input.setAttribute("aria-labelledby", "search-title");
  const fallback = document.getElementById("search-fallback");
  if (fallback) fallback.hidden = true;
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
