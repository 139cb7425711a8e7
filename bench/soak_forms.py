"""Reading forms out of pages as a browser would, and encoding what is posted back."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    """One <form>: where it posts and the values a browser would send without typing anything."""

    action: str
    fields: dict[str, str]
    files: list[str] = field(default_factory=list)  # names of its file inputs
    options: dict[str, list[str]] = field(default_factory=dict)  # each select's option values


class _FormParser(HTMLParser):
    """Collect every form's action, hidden and pre-filled inputs, textareas and selected options."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._names: list[list[str]] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), {}))
            self._names.append([])
        if not self.forms:
            return
        fields, names = self.forms[-1].fields, self._names[-1]
        name = a.get("name", "")
        if tag == "input" and name:
            names.append(name)
            kind = a.get("type", "text")
            if kind == "file":
                self.forms[-1].files.append(name)
            if kind not in ("checkbox", "radio", "submit", "file") or "checked" in a:
                fields[name] = a.get("value", "")
        elif tag == "textarea" and name:
            names.append(name)
            self._textarea, fields[name] = name, ""
        elif tag == "select" and name:
            names.append(name)
            self._select = name
        elif tag == "option" and self._select:
            self.forms[-1].options.setdefault(self._select, []).append(a.get("value", ""))
            if self._select not in fields or "selected" in a:
                fields[self._select] = a.get("value", "")
        elif tag == "button" and name:
            names.append(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            fields = self.forms[-1].fields
            # The browser drops one newline right after <textarea>.
            fields[self._textarea] += data.removeprefix("\n") if not fields[self._textarea] else data

    def named(self, index: int) -> list[str]:
        return self._names[index]


def form_with(html: str, name: str) -> Form | None:
    """Return the first form of the page with a control called `name`, or `<prefix>-name` (WTForms prefixes)."""
    for chunk in html.split("<form")[1:]:
        chunk = chunk.split("</form>", 1)[0]
        # Only a form that names the control is parsed: staff pages are large, and this runs per save.
        if f'name="{name}"' not in chunk and f'-{name}"' not in chunk:
            continue
        parser = _FormParser()
        parser.feed("<form" + chunk + "</form>")
        if parser.forms and any(n == name or n.endswith("-" + name) for n in parser.named(0)):
            return parser.forms[0]
    return None


def form_posting_to(html: str, action: str) -> Form | None:
    """Return the first form of the page whose action is `action`."""
    parser = _FormParser()
    parser.feed(html)
    return next((form for form in parser.forms if form.action == action), None)


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    """Encode fields and files as multipart/form-data; return the body and its content type."""
    boundary = "soak" + secrets.token_hex(12)
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, data, kind) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {kind}\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
