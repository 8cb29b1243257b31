// Progressive enhancement: hide a follow-up question until the answer it depends on is chosen.
// Without JavaScript every follow-up is shown, with a sentence saying when to answer it.
export function initShowIf(root = document) {
  const followUps = root.querySelectorAll("[data-show-if-name]");
  followUps.forEach((followUp) => {
    const name = followUp.dataset.showIfName;
    const values = (followUp.dataset.showIfValues || "").split(" ").filter(Boolean);
    if (!name || values.length === 0) return;
    const inputs = root.querySelectorAll(`input[name="${CSS.escape(name)}"]`);
    const update = () => {
      const chosen = Array.from(inputs).filter((i) => i.checked).map((i) => i.value);
      const show = chosen.some((value) => values.includes(value));
      followUp.hidden = !show;
    };
    inputs.forEach((input) => input.addEventListener("change", update));
    update();
  });
}
