// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so screen reader users hear what went wrong.
  const summary = document.querySelector("[data-focus-on-load]");
  if (summary) summary.focus();

  // A print button where printing from script is possible.
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
});

// Staff pages: warn two minutes before the idle timeout ends the session.
document.addEventListener("DOMContentLoaded", () => {
  const warning = document.querySelector("[data-idle-minutes]");
  if (!warning) return;
  const minutes = Number(warning.dataset.idleMinutes);
  const warnAfter = Math.max(minutes - 2, 1) * 60 * 1000;
  window.setTimeout(() => { warning.hidden = false; }, warnAfter);
});

// The language switch is a link to the same page in the other language. What was
// typed in the page's forms goes along in sessionStorage and is put back after the
// page comes back, so switching never loses an answer. Without script the link still
// works; the intake's check page then shows its form in the new language.
(() => {
  const storeKey = () => `typed:${window.location.pathname}`;
  const skip = (field) => !field.name || field.name === "csrf_token" || field.type === "password" || field.type === "file";
  const pageForms = () => Array.from(document.querySelectorAll("main form[method='post' i]"));

  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-language-switch]");
    if (!link) return;
    const typed = [];
    pageForms().forEach((form) => {
      Array.from(form.elements).forEach((field) => {
        if (skip(field) || field.type === "submit" || field.type === "button") return;
        if ((field.type === "checkbox" || field.type === "radio") && !field.checked) return;
        typed.push([field.name, field.value]);
      });
    });
    try {
      if (typed.length) window.sessionStorage.setItem(storeKey(), JSON.stringify(typed));
    } catch (error) { /* storage full or off: the switch still works */ }
  });

  document.addEventListener("DOMContentLoaded", () => {
    let typed;
    try {
      typed = JSON.parse(window.sessionStorage.getItem(storeKey()) || "null");
      window.sessionStorage.removeItem(storeKey());
    } catch (error) { return; }
    if (!Array.isArray(typed)) return;
    const values = new Map();
    typed.forEach(([name, value]) => values.set(name, [...(values.get(name) || []), value]));
    const used = new Map();
    pageForms().forEach((form) => {
      Array.from(form.elements).forEach((field) => {
        if (skip(field) || field.type === "hidden" || !values.has(field.name)) return;
        const list = values.get(field.name);
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = list.includes(field.value);
        } else if (field.type !== "submit" && field.type !== "button") {
          const index = used.get(field.name) || 0;
          if (index < list.length) field.value = list[index];
          used.set(field.name, index + 1);
        }
      });
    });
  });
})();
