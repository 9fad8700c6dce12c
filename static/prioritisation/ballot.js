// Shows, while choosing, how many recommendations are chosen per criterion.
// The form works the same without this script; the server checks the counts.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("fieldset[data-picks]").forEach(function (group) {
    var wanted = parseInt(group.dataset.picks, 10);
    var counter = group.querySelector(".pick-count");
    var boxes = group.querySelectorAll("input[type=checkbox]");
    function update() {
      var chosen = 0;
      boxes.forEach(function (box) { if (box.checked) { chosen += 1; } });
      counter.textContent = group.dataset.countText.replace("{chosen}", chosen).replace("{wanted}", wanted);
      counter.classList.toggle("pick-count--done", chosen === wanted);
      counter.classList.toggle("pick-count--over", chosen > wanted);
    }
    counter.hidden = false;
    boxes.forEach(function (box) { box.addEventListener("change", update); });
    update();
  });
});
