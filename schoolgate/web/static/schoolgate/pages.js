// Place each face box over its photo from its data-box ("left top width
// height", in % of the photo). Set through the style object, which the
// Content-Security-Policy allows, where a style="" attribute would be refused.
(() => {
  const place = (root) => {
    root.querySelectorAll(".face-box[data-box]").forEach((box) => {
      const [left, top, width, height] = box.dataset.box.split(" ");
      Object.assign(box.style, {
        left: `${left}%`, top: `${top}%`, width: `${width}%`, height: `${height}%`,
      });
      box.classList.add("placed");
    });
  };
  document.addEventListener("DOMContentLoaded", () => place(document));
  // Sections redrawn by htmx bring new boxes.
  document.addEventListener("htmx:load", (event) => place(event.target));
})();
