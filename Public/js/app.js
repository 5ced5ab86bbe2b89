// Small enhancements only; every action works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
  }
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
  // On the place-request form, show the article fields only for copies.
  const copyFields = document.querySelector(".copy-fields");
  if (copyFields) {
    const radios = document.querySelectorAll("input[name=serviceType]");
    const update = () => {
      const copy = document.querySelector("input[name=serviceType]:checked")?.value === "copy";
      copyFields.hidden = !copy;
    };
    radios.forEach((radio) => radio.addEventListener("change", update));
    update();
  }
});
