// The only script: hovering an entity in an article lights up every mention of it.
// (Pages work without it; the Content-Security-Policy allows this file and nothing inline.)
document.addEventListener("mouseover", (event) => {
  const target = event.target instanceof Element ? event.target.closest("[data-ent]") : null;
  document.querySelectorAll(".highlight").forEach((el) => el.classList.remove("highlight"));
  if (!target) return;
  const id = target.getAttribute("data-ent");
  document.querySelectorAll(".text [data-ent]").forEach((el) => {
    if (el.getAttribute("data-ent") === id) el.classList.add("highlight");
  });
});
