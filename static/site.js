// Progressive enhancement only: every page works without this script.
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
