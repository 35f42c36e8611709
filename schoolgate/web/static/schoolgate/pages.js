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

// A photo action (Tag pupil, Blur, Not a face, Upload…) redraws the whole
// photo section, and the button pressed goes with it: focus would fall to the
// page itself. Put it on the face just acted on, or on the section's heading,
// so a keyboard or screen-reader user carries on from the same place.
(() => {
  let place = null;
  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.detail.elt;
    if (!(form instanceof HTMLFormElement) || !form.closest("#photo-section")) return;
    const face = form.closest("li[id^='face-']");
    place = face ? face.id : "photos-heading";
  });
  document.addEventListener("htmx:afterSettle", () => {
    if (!place) return;
    const target = document.getElementById(place) || document.getElementById("photos-heading");
    place = null;
    const lost = !document.activeElement || document.activeElement === document.body;
    if (!target || !lost) return;
    target.tabIndex = -1;
    target.focus();
  });
})();
