// The composer: the class or key stage field shows only for a private post.
// Without JavaScript it stays, labelled "private posts only".
document.addEventListener("DOMContentLoaded", () => {
  const audience = document.getElementById("id_audience");
  const value = document.getElementById("id_audience_value");
  if (!audience || !value) return;
  const field = value.closest(".field");
  const update = () => { field.hidden = audience.value === "public" && !field.classList.contains("has-error"); };
  audience.addEventListener("change", update);
  update();
});
