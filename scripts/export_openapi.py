"""Write the API's OpenAPI document to docs/openapi.json (the copy shipped with the project)."""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def document_text() -> str:
    from consortium import create_app
    from consortium.api.contract import openapi_document

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "export"})
    with app.test_request_context():
        return json.dumps(openapi_document(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    target = ROOT / "docs" / "openapi.json"
    target.write_text(document_text(), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")
