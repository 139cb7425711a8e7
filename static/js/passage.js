// Turns a text selection in the article body into a "make a claim" link carrying its span.
// Offsets count from each sentence's data-start; the server reads the quote from the body.
(function () {
  "use strict";
  var body = document.getElementById("article-body");
  var box = document.getElementById("selection-claim");
  if (!body || !box) { return; }
  var link = box.querySelector("a");

  function offset(node, within) {
    var sentence = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    if (!sentence || !sentence.classList.contains("sentence")) { return null; }
    return parseInt(sentence.getAttribute("data-start"), 10) + within;
  }

  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) { box.hidden = true; return; }
    var range = sel.getRangeAt(0);
    var start = offset(range.startContainer, range.startOffset);
    var end = offset(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) { box.hidden = true; return; }
    link.href = link.getAttribute("data-base") + "?start=" + start + "&end=" + end;
    box.hidden = false;
  });
}());
