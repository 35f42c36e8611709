// Keyboard shortcuts on the moderation queue: j/k move, a/r/e act, x ticks, Enter opens.
document.addEventListener("DOMContentLoaded", () => {
  // The list of shortcuts starts open only on a wide screen with a keyboard
  // and mouse; on a phone it stays folded (still there to open).
  const shortcuts = document.getElementById("shortcuts");
  if (shortcuts && window.matchMedia("(min-width: 48rem) and (any-pointer: fine)").matches) {
    shortcuts.open = true;
  }
  const items = [...document.querySelectorAll("#queue .queue-item")];
  if (!items.length) return;
  let current = -1;
  const focus = (i) => {
    current = Math.max(0, Math.min(items.length - 1, i));
    items.forEach((el, n) => el.classList.toggle("current", n === current));
    items[current].focus();
    items[current].scrollIntoView({ block: "nearest" });
  };
  // A decision reloads the queue at the comment that was next (the address's
  // #comment-N, which works without scripts too): carry on from there, by
  // key or mouse. Without one, a decision by key left its place behind.
  const KEY = "schoolgate.queue.position";
  const saved = (sessionStorage.getItem(KEY) || "").split(" ");
  sessionStorage.removeItem(KEY);
  const at = items.findIndex((el) => `#${el.id}` === window.location.hash);
  if (at >= 0) focus(at);
  else if (saved.length === 2 && Date.now() - Number(saved[1]) < 30000) focus(Number(saved[0]));
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select")) return;
    const item = items[current];
    const press = (key) => {
      const el = item && item.querySelector(`[data-key="${key}"]`);
      if (!el) return;
      event.preventDefault();
      if (key !== "open") sessionStorage.setItem(KEY, `${current} ${Date.now()}`);
      el.click();
    };
    switch (event.key) {
      case "j": event.preventDefault(); focus(current + 1); break;
      case "k": event.preventDefault(); focus(current - 1); break;
      case "a": case "r": case "e": press(event.key); break;
      case "Enter": if (event.target === item) press("open"); break;
      case "x": {
        const box = item && item.querySelector("input[type=checkbox]:not([disabled])");
        if (box) { event.preventDefault(); box.checked = !box.checked; }
        break;
      }
    }
  });
});
