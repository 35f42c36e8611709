// The composer: the class or key stage field shows only for a private post,
// and the reason for a public post only for a public one. Without JavaScript
// both stay, labelled "private posts only" and "public posts only".
document.addEventListener("DOMContentLoaded", () => {
  const audience = document.getElementById("id_audience");
  if (!audience) return;
  const fields = [
    [document.getElementById("id_audience_value"), (value) => value !== "public"],
    [document.getElementById("id_public_reason"), (value) => value === "public"],
  ].filter(([input]) => input);
  const update = () => {
    fields.forEach(([input, shown]) => {
      const field = input.closest(".field");
      field.hidden = !shown(audience.value) && !field.classList.contains("has-error");
    });
  };
  audience.addEventListener("change", update);
  update();
});
