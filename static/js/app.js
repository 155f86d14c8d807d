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
