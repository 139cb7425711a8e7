"""Flask extensions, created without an app and bound in create_app()."""

from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from claims.orm import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
# Public responses until the next publication: SimpleCache in the process, or Redis (config.py).
cache = Cache()
# Storage (memory:// or redis://) and on/off come from RATELIMIT_STORAGE_URI and RATELIMIT_ENABLED.
limiter = Limiter(key_func=get_remote_address)
