// Progressive enhancement only: every page works without this script.
(function () {
  const root = document.documentElement;
  const store = {
    get(key) { try { return localStorage.getItem(key); } catch (error) { return null; } },
    set(key, value) { try { localStorage.setItem(key, value); } catch (error) { /* private mode */ } },
  };

  // Theme: the system setting until the reader picks one; the choice is remembered.
  const toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    const dark = () => root.dataset.theme ? root.dataset.theme === "dark"
      : window.matchMedia("(prefers-color-scheme: dark)").matches;
    const show = () => toggle.setAttribute("aria-pressed", String(dark()));
    toggle.hidden = false;
    show();
    toggle.addEventListener("click", () => {
      root.dataset.theme = dark() ? "light" : "dark";
      store.set("theme", root.dataset.theme);
      show();
    });
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", show);
  }

  // Cards or list: the links work as #papers (:target) without JavaScript; here the choice
  // is remembered and applied without jumping.
  const views = document.querySelectorAll("a[data-view]");
  const list = document.getElementById("papers");
  const apply = (view) => {
    root.dataset.view = view;
    views.forEach((link) => link.classList.toggle("is-active", link.dataset.view === view));
  };
  if (views.length && list) {
    apply(window.location.hash === "#papers" ? "list" : store.get("view") || "cards");
    views.forEach((link) => link.addEventListener("click", (event) => {
      event.preventDefault();
      apply(link.dataset.view);
      store.set("view", link.dataset.view);
      if (window.location.hash) history.replaceState(null, "", window.location.pathname + window.location.search);
    }));
  }

  // A link to #cite opens the collapsed BibTeX.
  const openCite = () => {
    const cite = document.getElementById("cite");
    if (window.location.hash === "#cite" && cite && cite.tagName === "DETAILS") cite.open = true;
  };
  openCite();
  window.addEventListener("hashchange", openCite);

  // Copy buttons: <button data-copy="ID"> copies the text of the element with that id.
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      const status = button.parentElement.querySelector(".copy-status");
      try {
        await navigator.clipboard.writeText(source.textContent);
        if (status) status.textContent = "Copied.";
      } catch (error) {
        if (status) status.textContent = "Could not copy: select the text instead.";
      }
    });
  });
})();
