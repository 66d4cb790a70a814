"""The usual operations on one kind of record, declared once: a filtered page, create, read, edit and delete.

Most record kinds of the API answer these five the same way: call the kind's service as the acting user and
return the record's dict. `RecordOperations` registers each with `contract.operation`, under the endpoint name
a hand-written view would have (list_<plural>, create_<name>, get_<name>, patch_<name>, delete_<name>), so the
document, the checks of every request and the fuzz run treat them like any other operation. An operation that
does more than that (a record created for another unit, extra figures in a read) is still written by hand.
"""
from flask import jsonify

from .contract import body_data, no_content, operation, page_of
from .core import actor, api_consortium, paged, query_filters


class RecordOperations:
    """The operations on `path` ("/resources") and `path/<int:ID>` for one kind of record.

    `name` stems the endpoint names ("resource"), `id_name` is the path parameter (default `<name>_id`), `out`
    the response model, `to_dict` the record's serializer and `get(actor, id)` the service that reads one
    record the user may see (NotFound otherwise).
    """

    def __init__(self, path: str, name: str, *, tag: str, out, to_dict, get, id_name: str = "", plural: str = ""):
        self.path, self.name, self.tag, self.out, self.to_dict, self.get = path, name, tag, out, to_dict, get
        self.id_name = id_name or f"{name}_id"
        self.plural = plural or f"{name}s"
        self.item_path = f"{path}/<int:{self.id_name}>"

    def _register(self, method: str, rule: str, endpoint: str, view, **contract) -> None:
        view.__name__ = view.__qualname__ = endpoint
        operation(method, rule, tag=self.tag, **contract)(view)

    def _record(self, path_values: dict):
        return self.get(actor(), path_values[self.id_name])

    def list(self, service, query, summary: str, *, to_dict=None) -> None:
        """GET path: a page of `service(actor, consortium_id, **filters)`, the filters being the query's."""
        def view(query):
            stmt = service(actor(), api_consortium().id, **query_filters(query))
            return jsonify(paged(stmt, to_dict or self.to_dict, query))
        self._register("get", self.path, f"list_{self.plural}", view, summary=summary, query=query,
                       response=page_of(self.out))

    def create(self, service, body, summary: str, *, data=body_data) -> None:
        """POST path: `service(actor, consortium, data(body))` makes the record; 201 with it."""
        def view(body):
            return jsonify(self.to_dict(service(actor(), api_consortium(), data(body)))), 201
        self._register("post", self.path, f"create_{self.name}", view, summary=summary, body=body,
                       response=self.out, status=201)

    def read(self, summary: str) -> None:
        """GET path/ID: the record."""
        def view(**path_values):
            return jsonify(self.to_dict(self._record(path_values)))
        self._register("get", self.item_path, f"get_{self.name}", view, summary=summary, response=self.out)

    def patch(self, service, body, summary: str, *, data=body_data) -> None:
        """PATCH path/ID: `service(actor, record, data(body))` changes the fields given; the record as it is now."""
        def view(body, **path_values):
            return jsonify(self.to_dict(service(actor(), self._record(path_values), data(body))))
        self._register("patch", self.item_path, f"patch_{self.name}", view, summary=summary, body=body,
                       response=self.out)

    def delete(self, service, summary: str) -> None:
        """DELETE path/ID: `service(actor, record)`; 204."""
        def view(**path_values):
            service(actor(), self._record(path_values))
            return no_content()
        self._register("delete", self.item_path, f"delete_{self.name}", view, summary=summary, status=204)
