// Dispositions page, progressive enhancement: a kind that feeds no consensus comment
// ("noted", "not carried forward": options marked data-no-draft) clears and disables the
// consensus-comment field of its row. Without this script the server refuses the pair.
(function () {
  "use strict";
  function sync(form) {
    var kind = form.querySelector("select[name=kind]");
    var draft = form.querySelector("[name=draft]");
    if (!kind || !draft) return;
    var option = kind.options[kind.selectedIndex];
    var none = option && option.hasAttribute("data-no-draft");
    if (none) draft.value = "";
    draft.disabled = none;
  }
  document.querySelectorAll("form[data-disposition]").forEach(function (form) {
    sync(form);
    form.querySelector("select[name=kind]").addEventListener("change", function () {
      sync(form);
    });
  });
})();
// Bulk step: ticking a whole group (a cluster or a series) ticks its members' rows, so the
// selection is visible before it is recorded. Without this script the server expands groups.
(function () {
  "use strict";
  document.querySelectorAll("input[name=groups][data-members]").forEach(function (box) {
    box.addEventListener("change", function () {
      box.getAttribute("data-members").split(" ").forEach(function (pk) {
        var row = document.getElementById("tick-" + pk);
        if (row) row.checked = box.checked;
      });
    });
  });
  var bulk = document.getElementById("bulk");
  if (!bulk) return;
  var kind = bulk.querySelector("select[name=kind]");
  var draft = bulk.querySelector("select[name=draft]");
  function sync() {
    var option = kind.options[kind.selectedIndex];
    var none = option && option.hasAttribute("data-no-draft");
    if (none) draft.value = "";
    draft.disabled = none;
  }
  sync();
  kind.addEventListener("change", sync);
})();
