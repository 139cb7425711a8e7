from claims import create_app

app = create_app()
