"""The bare baseline: one Flask route returning a short text, served like the real app."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """Answer with a few bytes, so a request costs only gunicorn, Werkzeug and Flask."""
    return "ok"
