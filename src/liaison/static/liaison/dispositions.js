// Dispositions page, progressive enhancement: a kind that feeds no consensus comment
// ("noted", "not carried forward": options marked data-no-draft) clears and disables the
// consensus-comment select of its row. Without this script the server refuses the pair.
(function () {
  "use strict";
  function sync(form) {
    var kind = form.querySelector("select[name=kind]");
    var draft = form.querySelector("select[name=draft]");
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
