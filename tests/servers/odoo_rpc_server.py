#!/usr/bin/env python3
"""A stand-in for Odoo 17 / 18's external JSON-RPC API on loopback (stdlib only).

This is a TEST server: it is not Odoo and runs none of Odoo's code. It speaks
the documented protocol (../shared/reference/odoo-facts.md §7), checks every
call it receives against an Odoo 17 or 18 profile of the models tecsync's deep
sync touches (§2, §3, §5), keeps the records in memory, and answers with the
shapes and the error objects Odoo answers with, so the odoo_rpc sink can be
tested end to end without an Odoo.

Protocol (what Odoo serves)
  POST /jsonrpc   {"jsonrpc":"2.0","method":"call",
                   "params":{"service":S,"method":M,"args":[...]},"id":N}
    Content-Type must be application/json or application/json-rpc (else HTTP
    400); a body that is not JSON -> HTTP 400 "Invalid JSON data".
    service "common": version(), login(db, login, password),
                      authenticate(db, login, password_or_api_key, user_agent_env)
                      (bad credentials -> result false, not an error)
    service "object": execute_kw(db, uid, password_or_api_key, model, method,
                      args_list[, kwargs_dict]); kwargs "context" is split off
                      (lang, active_test).
    Model methods: search, search_count, search_read, read, create (a dict ->
    an id, a list of dicts -> a list of ids, as odoo/api.py
    _call_kw_model_create does), write (ids, vals) -> true, unlink(ids) ->
    true, fields_get, name_search, exists.
    Errors: HTTP 200, {"jsonrpc":"2.0","id":N,"error":{"code":200,"message":
    "Odoo Server Error","data":{"name":"odoo.exceptions.AccessDenied" |
    "odoo.exceptions.ValidationError" | "odoo.exceptions.UserError" |
    "odoo.exceptions.MissingError" | "builtins.ValueError" | "builtins.TypeError"
    | "psycopg2.errors.SerializationFailure" | ..., "debug": "Traceback ...",
    "message": text, "arguments": [text], "context": {}}}}.

What is checked, per profile (--profile 17 | 18)
  * execute_kw arity (Odoo's execute_kw(db, uid, obj, method, args, kw=None)),
    args a list, kwargs a dict, uid an int, db = --db, the password or API key
    of that uid (AccessDenied), the model exists (UserError "Object X doesn't
    exist"), the method exists, the method's own signature (TypeError).
  * every field named in vals, domains, `fields` and `order` exists on the
    model for the profile ("Invalid field 'detailed_type' on model
    'product.template'" in 18); selection values (detailed_type in 17; type and
    is_storable in 18); required fields on create (Odoo's NOT NULL
    ValidationError text); many2one ids exist (FOREIGN KEY ValidationError);
    x2many commands (0 create, 1 update, 2 delete, 3 unlink, 4 link, 5 clear,
    6 set, or a plain list of ids); image fields: base64 (UserError "Image is
    not encoded in base64.") of an image (magic bytes; UserError "This file could
    not be decoded as an image file."); attribute lines: at least one value, and
    values of the line's attribute; manual ir.model.fields must start with x_.
  * translated fields (name, description_sale, attribute names…) are stored as
    Odoo 16+ stores them, {"en_US": …, "es_AR": …}: a create or write in an
    installed non-en_US language sets that language and fills en_US when it is
    missing; reads answer in the context language, falling back to en_US.
  * product.image exists only with --website-sale. Creating a manual
    ir.model.fields (x_…) adds the field to its model, so later calls accept it.

Control API (NOT part of Odoo; for tests only)
  GET  /test/records?model=M[&images=sha1|base64]
        -> {"model": M, "records": [{"id": …, field: stored value…}]}
           translated fields as {lang: text}; many2one as an id or false;
           x2many as id lists; images as {"sha1","bytes","mimetype"} (default)
           or base64 with images=base64.
  GET  /test/calls[?log=1]
        -> {"total", "reads", "writes", "errors", "images_written",
            "max_in_flight", "by_method": {"common.authenticate": n,
            "product.template.write": n, …}, "log": [{service, method, model,
            model_method, records, error}] (with log=1)}
  POST /test/reset   {"what": "calls"}  -> zero the counters only;
                     {"what": "all"} (default) -> counters and records back to
                     the profile's seed data.
  POST /test/seed    {"model": M, "records": [vals…], "context": {…}}
        -> {"ids": […]}: creates records through the same checks as an RPC
           create, but not counted as calls (pre-existing products).
  POST /test/fail    {"kind": "http502" | "serialization" | "slow",
                      "count": n (default 1), "seconds": s (slow),
                      "model": M, "method": m (both optional filters)}
        -> the next n matching execute_kw calls fail that way: HTTP 502 with an
           HTML body (a proxy in front of Odoo), or the error Odoo gives once its
           own 5 retries of a serialization failure are spent
           (psycopg2.errors.SerializationFailure, nothing applied), or an answer
           delayed by s seconds.
  POST /test/latency {"seconds": s}  -> every RPC call waits s seconds first.

Options
  --profile 17|18   --website-sale   --db NAME (odoo)   --login L (admin)
  --password P (admin)   --api-key K (40 hex)   --latency S
  --host H --port P (0 = a free port)

The first line on stdout is `PORT <n>` (flushed); the server runs until SIGTERM
or SIGINT.
"""

import argparse
import base64
import binascii
import copy
import hashlib
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from loopback_serve import serve  # the script's own folder is on sys.path

DEFAULT_API_KEY = "0f3c9a7e5b1d2c4a6e8f0b1d3c5a7e9f1b2d4c6a"

# ---------------------------------------------------------------------------
# Odoo's exceptions, as the JSON-RPC error's data.name spells them
# ---------------------------------------------------------------------------


class OdooError(Exception):
    """An exception Odoo would raise: `name` is data.name (module.Class)."""

    name = "builtins.Exception"

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _kind(qualified):
    return type(qualified.rsplit(".", 1)[1], (OdooError,), {"name": qualified})


AccessDenied = _kind("odoo.exceptions.AccessDenied")
AccessError = _kind("odoo.exceptions.AccessError")
UserError = _kind("odoo.exceptions.UserError")
ValidationError = _kind("odoo.exceptions.ValidationError")
MissingError = _kind("odoo.exceptions.MissingError")
PyValueError = _kind("builtins.ValueError")
PyTypeError = _kind("builtins.TypeError")
PyKeyError = _kind("builtins.KeyError")
PyIndexError = _kind("builtins.IndexError")
PyAttributeError = _kind("builtins.AttributeError")
PyException = _kind("builtins.Exception")
PyNameError = _kind("builtins.NameError")
PgOperationalError = _kind("psycopg2.OperationalError")
PgSerializationFailure = _kind("psycopg2.errors.SerializationFailure")


def error_body(request_id, exc):
    """odoo/http.py JsonRPCDispatcher.handle_error + serialize_exception."""
    return {
        "jsonrpc": "2.0",
        "id": request_id,
        "error": {
            "code": 200,
            "message": "Odoo Server Error",
            "data": {
                "name": exc.name,
                "debug": "Traceback (most recent call last):\n"
                "  File \"odoo_rpc_server.py\" (tecsync's test stand-in for Odoo)\n"
                f"{exc.name}: {exc.message}\n",
                "message": exc.message,
                "arguments": [exc.message],
                "context": {},
            },
        },
    }


# ---------------------------------------------------------------------------
# Schema: models and fields per profile
# ---------------------------------------------------------------------------


class Field:
    def __init__(self, ftype, *, required=False, translate=False, selection=None, comodel=None,
                 inverse=None, readonly=False, default=None, string=None, compute=None):
        self.type = ftype
        self.required = required
        self.translate = translate
        self.selection = selection
        self.comodel = comodel
        self.inverse = inverse      # one2many: the comodel's many2one back to us
        self.readonly = readonly    # computed, not writable: written values are ignored
        self.default = default
        self.string = string
        self.compute = compute      # callable(server, model, record) for readonly fields
        self.name = None
        self.model = None
        self.manual = False

    def label(self):
        if self.string:
            return self.string
        n = self.name
        n = n[:-4] if n.endswith("_ids") else n[:-3] if n.endswith("_id") else n
        return n.replace("_", " ").title()

    def __str__(self):
        return f"{self.model}.{self.name}"


class Model:
    def __init__(self, name, description, table=None, order="id", rec_name="name"):
        self.name = name
        self.description = description
        self.table = table or name.replace(".", "_")
        self.order = order
        self.rec_name = rec_name
        self.fields = {}

    def add(self, fname, field):
        field.name = fname
        field.model = self.name
        self.fields[fname] = field
        return field


def C(**kw):
    return Field("char", **kw)


def M2O(comodel, **kw):
    return Field("many2one", comodel=comodel, **kw)


def O2M(comodel, inverse, **kw):
    return Field("one2many", comodel=comodel, inverse=inverse, **kw)


def M2M(comodel, **kw):
    return Field("many2many", comodel=comodel, **kw)


def RO(ftype, **kw):
    return Field(ftype, readonly=True, **kw)


IMAGE_SIZES = ("image_1920", "image_1024", "image_512", "image_256", "image_128")

TEMPLATE_COMMON = {
    "name": lambda: C(required=True, translate=True),
    "sequence": lambda: Field("integer", default=1),
    "description": lambda: Field("html", translate=True),
    "description_sale": lambda: Field("text", translate=True),
    "description_purchase": lambda: Field("text", translate=True),
    "categ_id": lambda: M2O("product.category", required=True, default=1, string="Product Category"),
    "list_price": lambda: Field("float", default=1.0, string="Sales Price"),
    "standard_price": lambda: Field("float", default=0.0, string="Cost"),
    "volume": lambda: Field("float", default=0.0),
    "weight": lambda: Field("float", default=0.0),
    "sale_ok": lambda: Field("boolean", default=True),
    "purchase_ok": lambda: Field("boolean", default=True),
    "uom_id": lambda: M2O("uom.uom", required=True, default=1, string="Unit of Measure"),
    "uom_po_id": lambda: M2O("uom.uom", required=True, default=1, string="Purchase Unit of Measure"),
    "company_id": lambda: M2O("res.company"),
    "active": lambda: Field("boolean", default=True),
    "barcode": lambda: C(),
    "tracking": lambda: Field("selection", selection=["serial", "lot", "none"], required=True, default="none"),
    "sale_delay": lambda: Field("integer", default=0),
    "seller_ids": lambda: O2M("product.supplierinfo", "product_tmpl_id", string="Vendors"),
    "attribute_line_ids": lambda: O2M("product.template.attribute.line", "product_tmpl_id",
                                      string="Product Attributes"),
    "product_variant_ids": lambda: O2M("product.product", "product_tmpl_id", string="Products"),
    "qty_available": lambda: RO("float", compute=lambda s, m, r: 0.0),
    "create_date": lambda: RO("datetime"),
    "write_date": lambda: RO("datetime"),
}


def build_schema(profile, website_sale):
    """The models of a product + stock (+ website_sale) database, Odoo `profile`."""
    models = {}

    def model(name, description, **kw):
        m = Model(name, description, **kw)
        models[name] = m
        return m

    # product.template (addons/product/models/product_template.py, stock/models/product.py)
    t = model("product.template", "Product", order="priority desc, name, id" if profile == 17 else "is_favorite desc, name, id")
    for fname, make in TEMPLATE_COMMON.items():
        t.add(fname, make())
    t.add("default_code", C(string="Internal Reference"))
    t.add("product_variant_id", RO("many2one", comodel="product.product", string="Product"))
    t.add("product_variant_count", RO("integer"))
    if profile == 17:
        # 17.0 product_template.py:52 + stock/models/product.py:636
        t.add("detailed_type", Field("selection", selection=["consu", "service", "product"], required=True,
                                     default="consu", string="Product Type"))
        t.add("type", Field("selection", selection=["consu", "service", "product"], default="consu",
                            string="Type"))
        t.add("priority", Field("selection", selection=["0", "1"], default="0", string="Favorite"))
    else:
        # 18.0 product_template.py:57, 72, 173; stock/models/product.py:677
        t.add("type", Field("selection", selection=["consu", "service", "combo"], required=True,
                            default="consu", string="Product Type"))
        t.add("is_storable", Field("boolean", default=False, string="Track Inventory"))
        t.add("service_tracking", Field("selection", selection=["no"], required=True, default="no"))
        t.add("is_favorite", Field("boolean", default=False, string="Favorite"))
    for size in IMAGE_SIZES:
        t.add(size, Field("image", readonly=size != "image_1920", string="Image"))
    if website_sale:
        t.add("product_template_image_ids", O2M("product.image", "product_tmpl_id", string="Extra Product Media"))
        t.add("website_published", Field("boolean", default=False))

    # product.product (addons/product/models/product_product.py): _inherits the template
    p = model("product.product", "Product Variant", order="default_code, name, id")
    p.add("product_tmpl_id", M2O("product.template", required=True, string="Product Template"))
    p.add("default_code", C(string="Internal Reference"))
    p.add("barcode", C())
    p.add("active", Field("boolean", default=True))
    p.add("combination_indices", RO("char"))
    p.add("image_variant_1920", Field("image", string="Variant Image"))
    p.add("standard_price", Field("float", default=0.0, string="Cost"))
    p.add("volume", Field("float", default=0.0))
    p.add("weight", Field("float", default=0.0))
    p.add("lst_price", RO("float"))
    p.add("qty_available", RO("float", compute=lambda s, m, r: 0.0))

    c = model("product.category", "Product Category", order="complete_name", rec_name="complete_name")
    c.add("name", C(required=True))  # not translatable
    c.add("complete_name", RO("char"))
    c.add("parent_id", M2O("product.category", string="Parent Category"))
    c.add("parent_path", RO("char"))
    c.add("child_id", O2M("product.category", "parent_id", string="Child Categories"))

    a = model("product.attribute", "Product Attribute", order="sequence, id")
    a.add("name", C(required=True, translate=True))
    a.add("create_variant", Field("selection", selection=["always", "dynamic", "no_variant"], required=True,
                                  default="always", string="Variants Creation Mode"))
    a.add("display_type", Field("selection", selection=["radio", "pills", "select", "color", "multi"],
                                required=True, default="radio"))
    a.add("sequence", Field("integer", default=20))
    a.add("value_ids", O2M("product.attribute.value", "attribute_id", string="Values"))
    a.add("attribute_line_ids", O2M("product.template.attribute.line", "attribute_id", string="Lines"))
    if profile == 18:
        a.add("active", Field("boolean", default=True))

    v = model("product.attribute.value", "Attribute Value", order="attribute_id, sequence, id")
    v.add("name", C(required=True, translate=True, string="Value"))
    v.add("attribute_id", M2O("product.attribute", required=True, string="Attribute"))
    v.add("sequence", Field("integer", default=0))
    v.add("is_custom", Field("boolean", default=False))
    v.add("html_color", C())
    v.add("default_extra_price", Field("float", default=0.0))
    if profile == 18:
        v.add("active", Field("boolean", default=True))

    ln = model("product.template.attribute.line", "Product Template Attribute Line",
               order="attribute_id, id", rec_name="attribute_id")
    ln.add("product_tmpl_id", M2O("product.template", required=True, string="Product Template"))
    ln.add("attribute_id", M2O("product.attribute", required=True, string="Attribute"))
    ln.add("value_ids", M2M("product.attribute.value", string="Values"))
    ln.add("value_count", RO("integer"))
    ln.add("active", Field("boolean", default=True))
    ln.add("sequence", Field("integer", default=10))

    s = model("product.supplierinfo", "Supplier Pricelist", order="sequence, min_qty desc, price, id",
              rec_name="partner_id")
    s.add("partner_id", M2O("res.partner", required=True, string="Vendor"))
    s.add("product_tmpl_id", M2O("product.template", string="Product Template"))
    s.add("product_id", M2O("product.product", string="Product Variant"))
    s.add("product_name", C(string="Vendor Product Name"))
    s.add("product_code", C(string="Vendor Product Code"))
    s.add("price", Field("float", required=True, default=0.0))
    s.add("currency_id", M2O("res.currency", required=True, default="company", string="Currency"))
    s.add("min_qty", Field("float", required=True, default=0.0, string="Quantity"))
    s.add("delay", Field("integer", required=True, default=1, string="Delivery Lead Time"))
    s.add("sequence", Field("integer", default=1))
    s.add("company_id", M2O("res.company"))
    s.add("discount", Field("float", default=0.0))
    s.add("date_start", Field("date"))
    s.add("date_end", Field("date"))

    r = model("res.partner", "Contact", order="complete_name, id", rec_name="name")
    r.add("name", C())
    r.add("complete_name", RO("char"))
    r.add("is_company", Field("boolean", default=False))
    r.add("type", Field("selection", selection=["contact", "invoice", "delivery", "other"], default="contact"))
    r.add("active", Field("boolean", default=True))
    r.add("ref", C(string="Reference"))
    r.add("email", C())
    r.add("lang", C())
    r.add("company_id", M2O("res.company"))
    r.add("parent_id", M2O("res.partner", string="Related Company"))
    r.add("supplier_rank", Field("integer", default=0))

    cur = model("res.currency", "Currency", order="active desc, name")
    cur.add("name", C(required=True, string="Currency"))
    cur.add("symbol", C(required=True))
    cur.add("active", Field("boolean", default=True))
    cur.add("rounding", Field("float", default=0.01))
    cur.add("decimal_places", RO("integer"))

    co = model("res.company", "Companies", order="sequence, name")
    co.add("name", C(required=True))
    co.add("currency_id", M2O("res.currency", required=True))
    co.add("partner_id", M2O("res.partner", required=True))
    co.add("sequence", Field("integer", default=10))

    u = model("res.users", "User", order="name, login", rec_name="name")
    u.add("name", C())
    u.add("login", C(required=True))
    u.add("partner_id", M2O("res.partner", required=True))
    u.add("company_id", M2O("res.company", required=True))
    u.add("lang", C())
    u.add("active", Field("boolean", default=True))

    uom = model("uom.uom", "Product Unit of Measure", order="factor DESC, id")
    uom.add("name", C(required=True, translate=True, string="Unit of Measure"))
    uom.add("uom_type", Field("selection", selection=["bigger", "reference", "smaller"], required=True,
                              default="reference"))
    uom.add("factor", Field("float", required=True, default=1.0))
    uom.add("rounding", Field("float", required=True, default=0.01))
    uom.add("active", Field("boolean", default=True))

    lang = model("res.lang", "Languages", order="active desc,name")
    lang.add("name", C(required=True))
    lang.add("code", C(required=True, string="Locale Code"))
    lang.add("iso_code", C())
    lang.add("active", Field("boolean", default=False))

    loc = model("stock.location", "Inventory Locations", order="complete_name, id", rec_name="complete_name")
    loc.add("name", C(required=True, string="Location Name"))
    loc.add("complete_name", RO("char"))
    loc.add("usage", Field("selection", selection=["supplier", "view", "internal", "customer", "inventory",
                                                   "production", "transit"], required=True, default="internal",
                           string="Location Type"))
    loc.add("location_id", M2O("stock.location", string="Parent Location"))
    loc.add("child_ids", O2M("stock.location", "location_id", string="Contains"))
    loc.add("parent_path", RO("char"))
    loc.add("warehouse_id", RO("many2one", comodel="stock.warehouse", string="Warehouse"))
    loc.add("company_id", M2O("res.company"))
    loc.add("active", Field("boolean", default=True))
    loc.add("barcode", C())
    if profile == 17:
        loc.add("return_location", Field("boolean", default=False))

    wh = model("stock.warehouse", "Warehouse", order="sequence,id")
    wh.add("name", C(required=True, string="Warehouse"))
    wh.add("code", C(required=True, string="Short Name"))
    wh.add("company_id", M2O("res.company", required=True))
    wh.add("view_location_id", M2O("stock.location", required=True, string="View Location"))
    wh.add("lot_stock_id", M2O("stock.location", required=True, string="Location Stock"))
    wh.add("active", Field("boolean", default=True))
    wh.add("sequence", Field("integer", default=10))

    im = model("ir.model", "Models", order="model", rec_name="name")
    im.add("name", C(required=True, translate=True, string="Model Description"))
    im.add("model", C(required=True))
    im.add("state", Field("selection", selection=["manual", "base"], default="manual", string="Type"))
    im.add("field_id", O2M("ir.model.fields", "model_id", string="Fields"))

    imf = model("ir.model.fields", "Fields", order="name", rec_name="field_description")
    imf.add("name", C(required=True, string="Field Name"))
    imf.add("model", C(required=True, string="Model Name"))
    imf.add("model_id", M2O("ir.model", required=True, string="Model"))
    imf.add("field_description", C(required=True, translate=True, string="Field Label"))
    imf.add("ttype", Field("selection", required=True, string="Field Type", selection=[
        "binary", "boolean", "char", "date", "datetime", "float", "html", "integer", "many2many",
        "many2one", "monetary", "one2many", "selection", "text"]))
    imf.add("state", Field("selection", selection=["manual", "base"], required=True, default="manual",
                           string="Type"))
    imf.add("required", Field("boolean", default=False))
    imf.add("readonly", Field("boolean", default=False))
    imf.add("store", Field("boolean", default=True))
    imf.add("index", Field("boolean", default=False))
    imf.add("translate", Field("boolean", default=False))
    imf.add("size", Field("integer"))
    imf.add("relation", C(string="Related Model"))
    imf.add("help", Field("text", translate=True))
    if profile == 18:
        imf.add("company_dependent", Field("boolean", default=False))

    if website_sale:
        # addons/website_sale/models/product_image.py (image.mixin gives image_1920…)
        pi = model("product.image", "Product Image", order="sequence, id")
        pi.add("name", C(required=True))
        pi.add("sequence", Field("integer", default=10))
        pi.add("product_tmpl_id", M2O("product.template", string="Product Template"))
        pi.add("product_variant_id", M2O("product.product", string="Product Variant"))
        pi.add("video_url", C(string="Video URL"))
        for size in IMAGE_SIZES:
            pi.add(size, Field("image", required=size == "image_1920", readonly=size != "image_1920",
                               string="Image"))

    # product.product reads and writes the template's fields through _inherits.
    for fname, field in t.fields.items():
        if fname not in p.fields and fname not in ("product_variant_ids", "product_variant_id",
                                                   "product_variant_count"):
            inherited = copy.copy(field)
            inherited.model = "product.product"
            inherited.inherited = True
            p.fields[fname] = inherited
    return models


# ---------------------------------------------------------------------------
# Helpers: images, translations, domains
# ---------------------------------------------------------------------------

IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


def decode_image(value):
    """odoo/fields.py Image._image_process + tools/image.py ImageProcess:
    not base64 -> "Image is not encoded in base64."; not an image PIL can open
    -> "This file could not be decoded as an image file." Returns (bytes, mimetype)."""
    if not isinstance(value, str):
        raise UserError("Image is not encoded in base64.")
    try:
        # b64decode without validate=True, like Odoo: stray characters are
        # dropped, a wrong length is an error.
        raw = base64.b64decode(value)
    except (binascii.Error, ValueError):
        raise UserError("Image is not encoded in base64.")
    if not raw:
        return None, None
    if raw[:1] == b"<":  # SVG is not processed by ImageProcess
        return raw, "image/svg+xml"
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        return raw, "image/webp"
    for magic, mimetype in IMAGE_MAGIC:
        if raw.startswith(magic):
            return raw, mimetype
    raise UserError("This file could not be decoded as an image file.")


def tr_get(value, lang):
    if not isinstance(value, dict):
        return value
    return value.get(lang) or value.get("en_US") or False


def like_match(pattern, text, case_insensitive, wildcards):
    if text is False or text is None:
        return False
    text = str(text)
    pattern = str(pattern)
    if not wildcards:
        return (pattern.lower() in text.lower()) if case_insensitive else (pattern in text)
    rx = "".join(".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern)
    return re.fullmatch(rx, text, re.IGNORECASE | re.DOTALL if case_insensitive else re.DOTALL) is not None


# ---------------------------------------------------------------------------
# The database: records per model, and Odoo's ORM behaviour the sink relies on
# ---------------------------------------------------------------------------

READ_METHODS = {"search", "search_count", "search_read", "read", "fields_get", "name_search", "exists"}
WRITE_METHODS = {"create", "write", "unlink"}


# Odoo's methods' signatures (minus self): a call with wrong arguments raises
# the TypeError Python raises inside Odoo (BaseModel.search() missing 1
# required positional argument: 'domain').
def _search(domain, offset=0, limit=None, order=None):
    return locals()


def _search_count(domain, limit=None):
    return locals()


def _search_read(domain=None, fields=None, offset=0, limit=None, order=None, **read_kwargs):
    return locals()


def _read(fields=None, load="_classic_read"):
    return locals()


def _create(vals_list):
    return locals()


def _write(vals):
    return locals()


def _no_args():
    return {}


def _fields_get(allfields=None, attributes=None):
    return locals()


def _name_search(name="", args=None, operator="ilike", limit=100):
    return locals()


SIGNATURES = {"search": _search, "search_count": _search_count, "search_read": _search_read, "read": _read,
              "create": _create, "write": _write, "unlink": _no_args, "fields_get": _fields_get,
              "name_search": _name_search, "exists": _no_args}
for _name, _fn in SIGNATURES.items():
    _fn.__qualname__ = f"BaseModel.{_name}"
MULTI = {"read", "write", "unlink", "exists"}  # api.call_kw: args[0] is the ids


class Database:
    def __init__(self, profile, website_sale):
        self.profile = profile
        self.website_sale = website_sale
        self.schema = build_schema(profile, website_sale)
        self.tables = {name: {} for name in self.schema}
        self.next_id = {name: 1 for name in self.schema}
        self.journal = None
        self._m2o_cache = {}
        self.seed()
        self.reindex()

    # -- one call = one transaction: an undo journal ----------------------------

    def begin(self):
        self.journal = []
        self.saved = set()
        self.saved_next = dict(self.next_id)

    def touch(self, mname, rid):
        """Remember a record as it was before this call first changes it."""
        if self.journal is not None and (mname, rid) not in self.saved:
            self.saved.add((mname, rid))
            rec = self.tables[mname].get(rid)
            self.journal.append((mname, rid, dict(rec) if rec is not None else None))

    def commit(self):
        self.journal = None

    def rollback(self):
        for mname, rid, old in reversed(self.journal):
            if old is None:
                self.tables[mname].pop(rid, None)
            else:
                self.tables[mname][rid] = old
        self.next_id = self.saved_next
        self.journal = None
        self.reindex()

    # -- the one2many side of every many2one, kept as an index ------------------

    def m2o_fields(self, mname):
        cached = self._m2o_cache.get(mname)
        if cached is None:
            cached = self._m2o_cache[mname] = frozenset(
                f for f, fd in self.schema[mname].fields.items()
                if fd.type == "many2one" and not getattr(fd, "inherited", False))
        return cached

    def reindex(self):
        self.children = {}
        for mname, table in self.tables.items():
            fields = self.m2o_fields(mname)
            for rec in table.values():
                for fname in fields:
                    if rec.get(fname):
                        self.children.setdefault((mname, fname), {}).setdefault(rec[fname], set()).add(rec["id"])

    def set_m2o(self, mname, rec, fname, value):
        old = rec.get(fname)
        if old:
            self.children.get((mname, fname), {}).get(old, set()).discard(rec["id"])
        rec[fname] = value
        if value:
            self.children.setdefault((mname, fname), {}).setdefault(value, set()).add(rec["id"])

    def kids(self, comodel, inverse, parent_id):
        return sorted(self.children.get((comodel, inverse), {}).get(parent_id, ()))

    # -- seed data of a fresh product + stock database (odoo-facts §2) --------

    def _raw(self, mname, rid, **vals):
        rec = {"id": rid}
        for fname, field in self.schema[mname].fields.items():
            if getattr(field, "inherited", False) or field.type in ("one2many",) or field.compute:
                continue
            rec[fname] = [] if field.type == "many2many" else (
                field.default if field.default is not None and field.default != "company" else False)
        for k, v in vals.items():
            rec[k] = v
        self.tables[mname][rid] = rec
        self.next_id[mname] = max(self.next_id[mname], rid + 1)
        return rec

    def seed(self):
        en = lambda s: {"en_US": s}  # noqa: E731
        self._raw("res.currency", 1, name="EUR", symbol="€", active=False)
        self._raw("res.currency", 2, name="USD", symbol="$", active=True)
        # ARS is id 19 in a fresh database; active here: the company is Argentine.
        self._raw("res.currency", 19, name="ARS", symbol="$", active=True)
        self._raw("res.partner", 1, name="My Company", is_company=True, complete_name="My Company")
        self._raw("res.partner", 2, name="OdooBot", complete_name="OdooBot")
        self._raw("res.partner", 3, name="Administrator", complete_name="Administrator")
        self._raw("res.company", 1, name="My Company", currency_id=19, partner_id=1)
        self._raw("res.users", 1, name="OdooBot", login="__system__", partner_id=2, company_id=1, active=False)
        self._raw("res.users", 2, name="Administrator", login="admin", partner_id=3, company_id=1,
                  lang="en_US")
        self._raw("uom.uom", 1, name=en("Units"), uom_type="reference", factor=1.0, rounding=0.01)
        self._raw("res.lang", 1, name="English (US)", code="en_US", iso_code="en", active=True)
        self._raw("res.lang", 2, name="Spanish (AR) / Español (AR)", code="es_AR", iso_code="es_AR", active=True)
        self._raw("product.category", 1, name="All", complete_name="All", parent_id=False, parent_path="1/")
        self._raw("product.category", 2, name="Saleable", complete_name="All / Saleable", parent_id=1,
                  parent_path="1/2/")
        self._raw("product.category", 3, name="Expenses", complete_name="All / Expenses", parent_id=1,
                  parent_path="1/3/")
        locs = [
            (1, "Physical Locations", "view", False, "1/", False),
            (2, "Partners", "view", False, "2/", False),
            (3, "Virtual Locations", "view", False, "3/", False),
            (4, "Vendors", "supplier", 2, "2/4/", False),
            (5, "Customers", "customer", 2, "2/5/", False),
            (7, "WH", "view", 1, "1/7/", 1),
            (8, "Stock", "internal", 7, "1/7/8/", 1),
            (14, "Inventory adjustment", "inventory", 3, "3/14/", False),
        ]
        for rid, name, usage, parent, path, wh in locs:
            self._raw("stock.location", rid, name=name, usage=usage, location_id=parent, parent_path=path,
                      warehouse_id=wh, company_id=1 if wh else False)
        self._raw("stock.warehouse", 1, name="My Company", code="WH", company_id=1, view_location_id=7,
                  lot_stock_id=8)
        for rid in sorted(self.tables["stock.location"]):
            self._location_names(self.tables["stock.location"][rid])
        for i, (mname, mdl) in enumerate(sorted(self.schema.items()), start=1):
            self._raw("ir.model", i, name=en(mdl.description), model=mname, state="base")
        fid = 1
        for mname, mdl in sorted(self.schema.items()):
            mid = self._model_id(mname)
            for fname, field in mdl.fields.items():
                self._raw("ir.model.fields", fid, name=fname, model=mname, model_id=mid,
                          field_description=en(field.label()), ttype=_ttype(field), state="base",
                          translate=field.translate, required=field.required, readonly=field.readonly,
                          relation=field.comodel or False)
                fid += 1

    def _model_id(self, mname):
        for rid, rec in self.tables["ir.model"].items():
            if rec["model"] == mname:
                return rid
        return False

    def _location_names(self, rec):
        parent = self.tables["stock.location"].get(rec.get("location_id"))
        if parent and rec.get("usage") != "view":
            rec["complete_name"] = f"{parent['complete_name']}/{rec['name']}"
        else:
            rec["complete_name"] = rec["name"]
        rec["parent_path"] = (parent["parent_path"] if parent else "") + f"{rec['id']}/"
        wh = [w for w in self.tables["stock.warehouse"].values()
              if f"/{w['view_location_id']}/" in "/" + rec["parent_path"]]
        rec["warehouse_id"] = wh[0]["id"] if wh else False

    # -- access ---------------------------------------------------------------

    def model(self, name):
        if name not in self.schema:
            raise UserError(f"Object {name} doesn't exist")
        return self.schema[name]

    def field(self, mdl, fname):
        f = mdl.fields.get(fname)
        if f is None:
            raise PyValueError(f"Invalid field {fname!r} on model {mdl.name!r}")
        return f

    def display_name(self, mname, rid, lang):
        rec = self.tables[mname].get(rid)
        if rec is None:
            return False
        if mname == "product.template" or mname == "product.product":
            tmpl = rec if mname == "product.template" else self.tables["product.template"][rec["product_tmpl_id"]]
            name = tr_get(tmpl["name"], lang)
            code = rec.get("default_code")
            return f"[{code}] {name}" if code else name
        if mname == "product.attribute.value":
            attr = self.tables["product.attribute"].get(rec["attribute_id"])
            return f"{tr_get(attr['name'], lang)}: {tr_get(rec['name'], lang)}"
        if mname == "product.template.attribute.line":
            return self.display_name("product.attribute", rec["attribute_id"], lang)
        if mname in ("product.supplierinfo",):
            return self.display_name("res.partner", rec["partner_id"], lang)
        mdl = self.schema[mname]
        value = rec.get(mdl.rec_name, rec.get("name", False))
        return tr_get(value, lang) if value is not False else f"{mname},{rid}"

    def get_value(self, mname, rec, fname, lang, raw=False):
        mdl = self.schema[mname]
        field = mdl.fields[fname]
        if getattr(field, "inherited", False):
            tmpl = self.tables["product.template"][rec["product_tmpl_id"]]
            return self.get_value("product.template", tmpl, fname, lang, raw)
        if field.type == "one2many":
            return self.kids(field.comodel, field.inverse, rec["id"])
        if mname == "product.template" and fname == "product_variant_id":
            ids = self.get_value(mname, rec, "product_variant_ids", lang)
            return ids[0] if ids else False
        if mname == "product.template" and fname == "product_variant_count":
            return len(self.get_value(mname, rec, "product_variant_ids", lang))
        if fname == "value_count":
            return len(rec.get("value_ids", []))
        if field.compute:
            return field.compute(self, mname, rec)
        if field.type == "image" and fname.startswith("image_") and fname != "image_1920":
            return rec.get("image_1920", False)
        value = rec.get(fname, False)
        if raw:
            return value
        if field.translate:
            return tr_get(value, lang) if value else False
        return value

    def read_value(self, mname, rec, fname, lang):
        field = self.schema[mname].fields[fname]
        value = self.get_value(mname, rec, fname, lang)
        if field.type == "many2one":
            return [value, self.display_name(field.comodel, value, lang)] if value else False
        if field.type == "image":
            return value["b64"] if isinstance(value, dict) else False
        if value is None:
            return False
        return value

    # -- domains --------------------------------------------------------------

    def check_domain(self, mdl, domain):
        if not isinstance(domain, list):
            raise PyValueError(f"Invalid domain: {domain!r}")
        for leaf in domain:
            if leaf in ("&", "|", "!"):
                continue
            if not isinstance(leaf, list) or len(leaf) != 3:
                raise PyValueError(f"Invalid leaf {leaf!r}")
            path = leaf[0]
            if not isinstance(path, str):
                if leaf in ([1, "=", 1], [0, "=", 1]):
                    continue
                raise PyValueError(f"Invalid leaf {leaf!r}")
            self._check_path(mdl, path.split("."), leaf)
            if leaf[1] not in ("=", "!=", "<>", "<", ">", "<=", ">=", "in", "not in", "like", "ilike", "=like",
                               "=ilike", "not like", "not ilike", "child_of", "parent_of", "=?"):
                raise PyValueError(f"Invalid leaf {tuple(leaf)!r}")

    def _check_path(self, mdl, parts, leaf):
        if parts[0] == "id" and len(parts) == 1:
            return
        field = mdl.fields.get(parts[0])
        if field is None:
            raise PyValueError(f"Invalid field {mdl.name}.{parts[0]} in leaf {tuple(leaf)!r}")
        if len(parts) > 1:
            if not field.comodel:
                raise PyValueError(f"Invalid field {mdl.name}.{'.'.join(parts)} in leaf {tuple(leaf)!r}")
            self._check_path(self.schema[field.comodel], parts[1:], leaf)

    def match(self, mname, rec, domain, lang):
        pos = [0]

        def walk():
            tok = domain[pos[0]]
            pos[0] += 1
            if tok == "!":
                return not walk()
            if tok in ("&", "|"):
                a = walk()
                b = walk()
                return (a and b) if tok == "&" else (a or b)
            return self.leaf(mname, rec, tok, lang)

        result = True
        while pos[0] < len(domain):
            result = walk() and result
        return result

    def _values_at(self, mname, rec, parts, lang):
        if parts[0] == "id":
            return [rec["id"]]
        field = self.schema[mname].fields[parts[0]]
        value = self.get_value(mname, rec, parts[0], lang)
        if len(parts) == 1:
            if field.type in ("one2many", "many2many"):
                return value or [False]
            return [value]
        ids = value if field.type in ("one2many", "many2many") else ([value] if value else [])
        out = []
        for rid in ids:
            sub = self.tables[field.comodel].get(rid)
            if sub is not None:
                out.extend(self._values_at(field.comodel, sub, parts[1:], lang))
        return out or [False]

    def leaf(self, mname, rec, leaf, lang):
        path, op, right = leaf
        if not isinstance(path, str):
            return path == 1
        parts = path.split(".")
        field = self.schema[mname].fields.get(parts[-1]) if len(parts) == 1 else None
        values = self._values_at(mname, rec, parts, lang)
        if field is not None and field.type == "many2one" and isinstance(right, str):
            # a name compared to a many2one: Odoo name-searches the comodel
            ids = {r["id"] for r in self.tables[field.comodel].values()
                   if like_match(right, self.display_name(field.comodel, r["id"], lang), True, op.startswith("="))}
            right, op = list(ids), ("in" if op in ("=", "ilike", "like", "=ilike", "=like") else "not in")
        negative = op in ("!=", "<>", "not in", "not like", "not ilike")
        hits = [self._compare(v, op, right) for v in values]
        return all(hits) if negative else any(hits)

    @staticmethod
    def _compare(value, op, right):
        if op == "=?":
            return True if right in (False, None) else value == right
        if op in ("=", "!=", "<>"):
            eq = (not value) if right is False or right is None else value == right
            return eq if op == "=" else not eq
        if op in ("in", "not in"):
            right = right if isinstance(right, (list, frozenset)) else [right]
            inside = value in right or (value is False and False in right)
            return inside if op == "in" else not inside
        if op in ("like", "ilike", "=like", "=ilike", "not like", "not ilike"):
            hit = like_match(right, value, "ilike" in op, op.startswith("="))
            return (not hit) if op.startswith("not") else hit
        if value is False or value is None:
            return False
        try:
            return {"<": value < right, ">": value > right, "<=": value <= right, ">=": value >= right}[op]
        except TypeError:
            return False
        except KeyError:
            return False

    def search_ids(self, mname, domain, context, offset=0, limit=None, order=None):
        mdl = self.model(mname)
        self.check_domain(mdl, domain)
        lang = self.lang(context)
        active_test = context.get("active_test", True)
        mentions_active = any(isinstance(leaf, list) and leaf[0] == "active" for leaf in domain)
        domain = [_fast_leaf(leaf) for leaf in domain]
        has_active = "active" in mdl.fields
        out = []
        for rid in sorted(self.tables[mname]):
            rec = self.tables[mname][rid]
            if has_active and active_test and not mentions_active and not self.get_value(mname, rec, "active", lang):
                continue
            if self.match(mname, rec, domain, lang):
                out.append(rid)
        if order:
            for term in reversed([t.strip() for t in str(order).split(",") if t.strip()]):
                fname, *rest = term.split()
                desc = bool(rest) and rest[0].lower() == "desc"
                if fname != "id":
                    self.field(mdl, fname)
                out.sort(key=lambda i: _sort_key(self.get_value(mname, self.tables[mname][i], fname, lang)
                                                 if fname != "id" else i), reverse=desc)
        out = out[offset or 0:]
        return out[:limit] if limit else out

    def lang(self, context):
        lang = (context or {}).get("lang") or "en_US"
        installed = {r["code"] for r in self.tables["res.lang"].values() if r["active"]}
        return lang if lang in installed else "en_US"

    # -- writes ---------------------------------------------------------------

    def convert(self, mdl, field, value, lang, current):
        """A written value in the stored form, or an Odoo error."""
        if field.type == "many2one":
            if value in (False, None):
                return False
            if isinstance(value, list) and value:  # [id, name] as read gives it
                value = value[0]
            if isinstance(value, bool) or not isinstance(value, int):
                raise PyValueError(f"Wrong value for {field}: {value!r}")
            if value not in self.tables[field.comodel]:
                raise ValidationError(
                    "The operation cannot be completed: another model requires the record being deleted. "
                    "If possible, archive it instead.\n\n"
                    f"Model: {mdl.description} ({mdl.name})\n"
                    f"Constraint: {mdl.table}_{field.name}_fkey\n")
            return value
        if field.type == "selection":
            if value in (False, None):
                return False
            if value not in field.selection:
                raise PyValueError(f"Wrong value for {field}: {value!r}")
            return value
        if field.type == "image":
            if value in (False, None, ""):
                return False
            raw, mimetype = decode_image(value)
            if raw is None:
                return False
            return {"b64": value, "sha1": hashlib.sha1(raw).hexdigest(), "bytes": len(raw), "mimetype": mimetype}
        if field.translate:
            if value in (False, None):
                return False
            if not isinstance(value, str):
                raise PyValueError(f"Wrong value for {field}: {value!r}")
            stored = dict(current) if isinstance(current, dict) else {}
            stored[lang] = value
            stored.setdefault("en_US", value)  # fields.py: en_US is filled when missing
            return stored
        if field.type in ("float", "monetary"):
            if value is False or value is None:
                return 0.0
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise PyValueError(f"Wrong value for {field}: {value!r}")
            return float(value)
        if field.type == "integer":
            if value is False or value is None:
                return 0
            if isinstance(value, bool) or not isinstance(value, int):
                raise PyValueError(f"Wrong value for {field}: {value!r}")
            return value
        if field.type == "boolean":
            return bool(value)
        if field.type in ("char", "text", "html", "date", "datetime"):
            if value in (False, None):
                return False
            if not isinstance(value, str):
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    return str(value)
                raise PyValueError(f"Wrong value for {field}: {value!r}")
            return value
        return value

    def create(self, mname, vals_list, context, counters=None):
        mdl = self.model(mname)
        lang = self.lang(context)
        ids = []
        for vals in vals_list:
            if not isinstance(vals, dict):
                raise PyValueError(f"Wrong value for create on {mname}: {vals!r}")
            for key in vals:
                self.field(mdl, key)
            if mname == "ir.model.fields" and "model" not in vals and vals.get("model_id") in self.tables["ir.model"]:
                vals = dict(vals, model=self.tables["ir.model"][vals["model_id"]]["model"])
            if mname == "product.product" and "product_tmpl_id" not in vals:
                # _inherits: the template is created from the template's fields
                tvals = {k: v for k, v in vals.items() if getattr(mdl.fields[k], "inherited", False)}
                tid = self.create("product.template", [tvals], dict(context, _no_variant=True), counters)[0]
                vals = {k: v for k, v in vals.items() if k not in tvals}
                vals["product_tmpl_id"] = tid
                vals.setdefault("default_code", tvals.get("default_code", False))
            rid = self.next_id[mname]
            rec = {"id": rid}
            own = {k: v for k, v in vals.items() if not getattr(mdl.fields[k], "inherited", False)}
            inherited = {k: v for k, v in vals.items() if getattr(mdl.fields[k], "inherited", False)}
            x2many = {}
            for fname, field in mdl.fields.items():
                if getattr(field, "inherited", False) or field.type == "one2many" or field.compute:
                    continue
                if fname in own and not field.readonly:
                    if field.type == "many2many":
                        x2many[fname] = own[fname]
                        rec[fname] = []
                        continue
                    rec[fname] = self.convert(mdl, field, own[fname], lang, None)
                elif field.type == "many2many":
                    rec[fname] = []
                elif field.default == "company":
                    rec[fname] = self.tables["res.company"][1]["currency_id"]
                elif field.default is not None:
                    rec[fname] = field.default
                else:
                    rec[fname] = False
            self._check_required(mdl, rec)
            self._check_model_constraints(mname, rec, lang, creating=True)
            self.touch(mname, rid)
            values = dict(rec)
            rec = {"id": rid}
            self.tables[mname][rid] = rec
            for fname, value in values.items():
                if fname in self.m2o_fields(mname):
                    self.set_m2o(mname, rec, fname, value)
                else:
                    rec[fname] = value
            self.next_id[mname] = rid + 1
            for fname, field in mdl.fields.items():
                if fname in own and field.type == "one2many":
                    self._x2many(mdl, rec, field, own[fname], lang, context, counters)
            for fname, cmds in x2many.items():
                self._x2many(mdl, rec, mdl.fields[fname], cmds, lang, context, counters)
            self._after_write(mname, rec, own, lang, context, created=True, counters=counters)
            if inherited:
                self.write("product.template", [rec["product_tmpl_id"]], inherited, context, counters)
            if counters is not None:
                counters["images"] += sum(1 for k, v in own.items() if mdl.fields[k].type == "image" and v)
            ids.append(rid)
        return ids

    def _drop(self, mname, rid):
        """Deletes a record: required many2ones pointing at it cascade, others are cleared."""
        rec = self.tables[mname].get(rid)
        if rec is None:
            return
        self.touch(mname, rid)
        for fname in self.m2o_fields(mname):
            self.set_m2o(mname, rec, fname, False)
        self.tables[mname].pop(rid, None)
        for cname, cmdl in self.schema.items():
            for f in cmdl.fields.values():
                if f.type == "many2one" and f.comodel == mname and not getattr(f, "inherited", False):
                    for cid in self.kids(cname, f.name, rid):
                        if f.required:
                            self._drop(cname, cid)
                        else:
                            self.touch(cname, cid)
                            self.set_m2o(cname, self.tables[cname][cid], f.name, False)

    def _check_required(self, mdl, rec):
        for fname, field in mdl.fields.items():
            if field.required and not getattr(field, "inherited", False) and field.type not in ("boolean",):
                value = rec.get(fname)
                if value is False or value is None or value == "" or value == {}:
                    raise ValidationError(
                        "The operation cannot be completed:\n"
                        "- Create/update: a mandatory field is not set.\n"
                        "- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n"
                        f"Model: {mdl.description} ({mdl.name})\n"
                        f"Field: {field.label()} ({fname})\n")

    def _check_model_constraints(self, mname, rec, lang, creating):
        if mname == "res.partner" and rec.get("type", "contact") == "contact" and not rec.get("name"):
            raise ValidationError("The operation cannot be completed: Contacts require a name")
        if mname == "ir.model.fields" and rec.get("state") == "manual" and not str(rec.get("name")).startswith("x_"):
            raise ValidationError("The operation cannot be completed: Custom fields must have a name that starts with 'x_'!")
        if mname == "ir.model.fields" and creating:
            clash = [r for r in self.tables[mname].values() if r["model"] == rec["model"] and r["name"] == rec["name"]]
            if clash:
                raise ValidationError("The operation cannot be completed: Field names must be unique per model.")
        if mname == "product.attribute.value" and self.profile == 17:
            # 17: UNIQUE (name, attribute_id) on the whole jsonb (dropped in 18)
            for vid in self.kids(mname, "attribute_id", rec["attribute_id"]):
                r = self.tables[mname][vid]
                if r["id"] != rec["id"] and r["name"] == rec["name"]:
                    raise ValidationError("The operation cannot be completed: You cannot create two values with "
                                          "the same name for the same attribute.")
        if mname == "stock.warehouse":
            for r in self.tables[mname].values():
                if r["id"] != rec["id"] and r["company_id"] == rec["company_id"] and r["name"] == rec["name"]:
                    raise ValidationError("The operation cannot be completed: The name of the warehouse must be "
                                          "unique per company!")

    def _check_line(self, rec, lang):
        """product_template_attribute_line.py _check_valid_values."""
        tmpl = self.display_name("product.template", rec["product_tmpl_id"], lang)
        attr = self.display_name("product.attribute", rec["attribute_id"], lang)
        if rec.get("active", True) and not rec.get("value_ids"):
            raise ValidationError(f"The attribute {attr} must have at least one value for the product {tmpl}.")
        for vid in rec.get("value_ids", []):
            value = self.tables["product.attribute.value"][vid]
            if value["attribute_id"] != rec["attribute_id"]:
                raise ValidationError(
                    f"On the product {tmpl} you cannot associate the value "
                    f"{self.display_name('product.attribute.value', vid, lang)} with the attribute {attr} because "
                    "they do not match.")

    def _x2many(self, mdl, rec, field, commands, lang, context, counters):
        comodel = field.comodel
        bad = PyValueError(f"Wrong value for {field}: {commands!r}")
        if not isinstance(commands, list):
            raise bad
        current = set(self.get_value(mdl.name, rec, field.name, lang))

        def need_id(rid):
            if isinstance(rid, bool) or not isinstance(rid, int):
                raise bad
            if rid not in self.tables[comodel]:
                raise MissingError("Record does not exist or has been deleted.\n"
                                   f"(Record: {comodel}({rid},), User: 2)")
            return rid

        def link(rid):
            if field.type == "one2many":
                self.touch(comodel, rid)
                self.set_m2o(comodel, self.tables[comodel][rid], field.inverse, rec["id"])
            current.add(rid)

        def release(rid):
            current.discard(rid)
            if field.type == "one2many":
                if self.schema[comodel].fields[field.inverse].required:
                    self.unlink(comodel, [rid])
                else:
                    self.touch(comodel, rid)
                    self.set_m2o(comodel, self.tables[comodel][rid], field.inverse, False)

        for cmd in commands:
            if isinstance(cmd, int) and not isinstance(cmd, bool):  # a plain list of ids = (6, 0, ids)
                link(need_id(cmd))
                continue
            if not isinstance(cmd, list) or not cmd or not isinstance(cmd[0], int):
                raise bad
            code = cmd[0]
            if code == 0:
                if len(cmd) < 3 or not isinstance(cmd[2], dict):
                    raise bad
                vals = dict(cmd[2])
                if field.type == "one2many":
                    vals[field.inverse] = rec["id"]
                link(self.create(comodel, [vals], context, counters)[0])
            elif code == 1:
                if len(cmd) < 3 or not isinstance(cmd[2], dict):
                    raise bad
                self.write(comodel, [need_id(cmd[1])], cmd[2], context, counters)
            elif code == 2:
                rid = need_id(cmd[1])
                self.unlink(comodel, [rid])
                current.discard(rid)
            elif code == 3:
                release(need_id(cmd[1]))
            elif code == 4:
                if len(cmd) < 2:
                    raise bad
                link(need_id(cmd[1]))
            elif code in (5, 6):
                keep = []
                if code == 6:
                    if len(cmd) < 3 or not isinstance(cmd[2], list):
                        raise bad
                    keep = [need_id(i) for i in cmd[2]]
                for rid in list(current):
                    if rid not in keep:
                        release(rid)
                for rid in keep:
                    link(rid)
            else:
                raise bad
        if field.type == "many2many":
            rec[field.name] = sorted(current)

    def _after_write(self, mname, rec, vals, lang, context, created, counters):
        """The parts of Odoo's ORM the sink relies on: computes and side records."""
        if mname == "product.template":
            if self.profile == 17 and ("detailed_type" in vals or created):
                if "detailed_type" in vals or "type" not in vals:
                    rec["type"] = rec["detailed_type"]
                else:
                    rec["detailed_type"] = rec["type"]
            if self.profile == 18 and rec.get("is_storable") and rec.get("type") != "consu":
                raise ValidationError("The operation cannot be completed: Only goods can be tracked in inventory.")
            variants = [self.tables["product.product"][i] for i in self.kids("product.product", "product_tmpl_id",
                                                                             rec["id"])]
            if created and not variants and not context.get("_no_variant"):
                self.create("product.product", [{"product_tmpl_id": rec["id"],
                                                 "default_code": rec.get("default_code") or False}], context)
            elif "default_code" in vals and len(variants) == 1:
                self.touch("product.product", variants[0]["id"])
                variants[0]["default_code"] = rec.get("default_code")
        if mname == "product.product" and created:
            rec["combination_indices"] = ""
        if mname == "product.product" and "default_code" in vals:
            tmpl = self.tables["product.template"].get(rec["product_tmpl_id"])
            if tmpl is not None:
                self.touch("product.template", tmpl["id"])
                tmpl["default_code"] = rec["default_code"]
        if mname == "product.template.attribute.line":
            self._check_line(rec, lang)
        if mname == "product.category":
            parent = self.tables[mname].get(rec.get("parent_id"))
            rec["complete_name"] = f"{parent['complete_name']} / {rec['name']}" if parent else rec["name"]
            rec["parent_path"] = (parent["parent_path"] if parent else "") + f"{rec['id']}/"
        if mname == "stock.location":
            self._location_names(rec)
        if mname == "res.partner":
            rec["complete_name"] = rec.get("name") or False
        if mname == "ir.model.fields":
            if created and rec.get("state") == "manual":
                self._add_manual_field(rec)

    def _add_manual_field(self, rec):
        target = self.schema.get(rec["model"])
        if target is None:
            raise UserError(f"Model {rec['model']} does not exist!")
        ttype = rec["ttype"]
        kinds = {"char": "char", "text": "text", "html": "html", "float": "float", "monetary": "float",
                 "integer": "integer", "boolean": "boolean", "date": "date", "datetime": "datetime",
                 "binary": "binary", "selection": "selection", "many2one": "many2one", "many2many": "many2many"}
        if ttype not in kinds:
            raise UserError(f"Field type {ttype} is not supported by the test server")
        if ttype in ("many2one", "many2many") and rec.get("relation") not in self.schema:
            raise UserError(f"Model {rec.get('relation')} does not exist!")
        field = Field(kinds[ttype], translate=bool(rec.get("translate")) and ttype in ("char", "text", "html"),
                      comodel=rec.get("relation") or None, string=tr_get(rec["field_description"], "en_US"))
        field.manual = True
        target.add(rec["name"], field)
        self._m2o_cache.clear()
        if rec["model"] == "product.template":
            inherited = copy.copy(field)
            inherited.model = "product.product"
            inherited.inherited = True
            self.schema["product.product"].fields[rec["name"]] = inherited
        for r in self.tables[rec["model"]].values():
            r.setdefault(rec["name"], [] if ttype == "many2many" else False)

    def write(self, mname, ids, vals, context, counters=None):
        mdl = self.model(mname)
        lang = self.lang(context)
        if not isinstance(vals, dict):
            raise PyValueError(f"Wrong value for write on {mname}: {vals!r}")
        for key in vals:
            self.field(mdl, key)
        recs = self.browse_existing(mname, ids)
        for rec in recs:
            self.touch(mname, rec["id"])
            own = {}
            for fname, value in vals.items():
                field = mdl.fields[fname]
                if getattr(field, "inherited", False) or field.readonly or field.compute:
                    continue
                own[fname] = value
                if field.type in ("one2many", "many2many"):
                    self._x2many(mdl, rec, field, value, lang, context, counters)
                elif field.type == "many2one":
                    self.set_m2o(mname, rec, fname, self.convert(mdl, field, value, lang, rec.get(fname)))
                else:
                    rec[fname] = self.convert(mdl, field, value, lang, rec.get(fname))
            self._check_required(mdl, rec)
            self._check_model_constraints(mname, rec, lang, creating=False)
            self._after_write(mname, rec, own, lang, context, created=False, counters=counters)
            inherited = {k: v for k, v in vals.items() if getattr(mdl.fields[k], "inherited", False)}
            if inherited:
                self.write("product.template", [rec["product_tmpl_id"]], inherited, context, counters)
            if counters is not None:
                counters["images"] += sum(1 for k, v in vals.items() if mdl.fields[k].type == "image" and v)
        return True

    def browse_existing(self, mname, ids):
        ids = ids if isinstance(ids, list) else [ids]
        out = []
        for rid in ids:
            if isinstance(rid, bool) or not isinstance(rid, int) or rid not in self.tables[mname]:
                raise MissingError("Record does not exist or has been deleted.\n"
                                   f"(Record: {mname}({rid},), User: 2)")
            out.append(self.tables[mname][rid])
        return out

    def unlink(self, mname, ids):
        self.browse_existing(mname, ids)
        for rid in ids:
            if mname == "product.attribute" and self.kids("product.template.attribute.line", "attribute_id", rid):
                raise UserError("You cannot delete the attribute because it is used on products.")
            self._drop(mname, rid)
        return True

    def read(self, mname, ids, fields, context):
        mdl = self.model(mname)
        lang = self.lang(context)
        names = fields or [f for f, fd in mdl.fields.items() if fd.type != "image" or f == "image_1920"]
        for fname in names:
            if fname != "id":
                self.field(mdl, fname)
        out = []
        for rec in self.browse_existing(mname, ids):
            row = {"id": rec["id"]}
            for fname in names:
                if fname == "id":
                    continue
                row[fname] = self.read_value(mname, rec, fname, lang)
            if "display_name" not in row and fields and "display_name" in fields:
                row["display_name"] = self.display_name(mname, rec["id"], lang)
            out.append(row)
        return out

    def fields_get(self, mname, allfields, attributes):
        mdl = self.model(mname)
        out = {}
        for fname, field in mdl.fields.items():
            if allfields and fname not in allfields:
                continue
            desc = {"type": _ttype(field), "string": field.label(), "required": field.required,
                    "readonly": field.readonly, "translate": field.translate,
                    "manual": field.manual, "store": not field.compute}
            if field.comodel:
                desc["relation"] = field.comodel
            if field.selection:
                desc["selection"] = [[v, v] for v in field.selection]
            if attributes:
                desc = {k: v for k, v in desc.items() if k in attributes}
            out[fname] = desc
        return out

    def export(self, mname, images):
        out = []
        for rid in sorted(self.tables[mname]):
            rec = self.tables[mname][rid]
            row = {}
            for fname, field in self.schema[mname].fields.items():
                if getattr(field, "inherited", False):
                    continue
                if field.type == "image" and fname != "image_1920" and fname.startswith("image_"):
                    continue
                value = self.get_value(mname, rec, fname, "en_US", raw=True)
                if field.type == "image" and isinstance(value, dict):
                    value = value["b64"] if images == "base64" else {
                        k: value[k] for k in ("sha1", "bytes", "mimetype")}
                row[fname] = value
            row["id"] = rid
            out.append(row)
        return out


def _fast_leaf(leaf):
    """An `in` list as a set, once per search instead of once per record."""
    if isinstance(leaf, list) and leaf[1] in ("in", "not in") and isinstance(leaf[2], list):
        try:
            return [leaf[0], leaf[1], frozenset(leaf[2])]
        except TypeError:
            return leaf
    return leaf


def _ttype(field):
    return "binary" if field.type == "image" else field.type


def _sort_key(value):
    if isinstance(value, dict):
        value = value.get("en_US", "")
    if value is False or value is None:
        return (0, "")
    if isinstance(value, (int, float)):
        return (1, value)
    return (2, str(value))


# ---------------------------------------------------------------------------
# The server: JSON-RPC dispatch, auth, counters, failure injection
# ---------------------------------------------------------------------------


class Server:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.db = Database(args.profile, args.website_sale)
        self.latency = args.latency
        self.failures = []
        self.in_flight = 0
        self.reset_calls()

    def reset_calls(self):
        self.counters = {"total": 0, "reads": 0, "writes": 0, "errors": 0, "images": 0, "max_in_flight": 0}
        self.by_method = {}
        self.log = []

    def version(self):
        if self.args.profile == 17:
            return {"server_version": "17.0-20240709", "server_version_info": [17, 0, 0, "final", 0, ""],
                    "server_serie": "17.0", "protocol_version": 1}
        return {"server_version": "18.0-20250421", "server_version_info": [18, 0, 0, "final", 0, ""],
                "server_serie": "18.0", "protocol_version": 1}

    def check_db(self, db):
        if db != self.args.db:
            raise PgOperationalError(f'connection to server failed: FATAL:  database "{db}" does not exist\n')

    def credentials_ok(self, uid, secret):
        user = self.db.tables["res.users"].get(uid)
        if user is None or not user["active"] or user["login"] != self.args.login:
            return False
        return secret in (self.args.password, self.args.api_key)

    def uid_of(self, login):
        for rec in self.db.tables["res.users"].values():
            if rec["login"] == login and rec["active"]:
                return rec["id"]
        return None

    def common(self, method, params):
        if method == "version":
            return self.version()
        if method == "login":
            if len(params) != 3:
                raise PyTypeError(f"exp_login() takes 3 positional arguments but {len(params)} were given")
            db, login, password = params
            self.check_db(db)
            uid = self.uid_of(login)
            return uid if uid and self.credentials_ok(uid, password) else False
        if method == "authenticate":
            if len(params) != 4:
                raise PyTypeError(f"exp_authenticate() takes 4 positional arguments but {len(params)} were given")
            db, login, password, _env = params
            self.check_db(db)
            uid = self.uid_of(login)
            return uid if uid and self.credentials_ok(uid, password) else False
        raise PyException(f"Method not found: {method}")

    def execute_kw(self, params, note):
        # odoo/service/model.py dispatch: db, uid, passwd = params[0], int(params[1]), params[2]
        if len(params) < 3:
            raise PyIndexError("list index out of range")
        db, uid, password = params[0], params[1], params[2]
        try:
            uid = int(uid)
        except (TypeError, ValueError):
            raise PyValueError(f"invalid literal for int() with base 10: {uid!r}")
        self.check_db(db)
        if not self.credentials_ok(uid, password):
            raise AccessDenied("Access Denied")
        rest = params[3:]
        # execute_kw(db, uid, obj, method, args, kw=None)
        given = 2 + len(rest)
        if given < 5:
            missing = ["obj", "method", "args"][len(rest):]
            names = " and ".join(f"'{m}'" for m in missing) if len(missing) <= 2 else \
                ", ".join(f"'{m}'" for m in missing[:-1]) + f", and '{missing[-1]}'"
            raise PyTypeError(f"execute_kw() missing {len(missing)} required positional argument"
                              f"{'s' if len(missing) > 1 else ''}: {names}")
        if given > 6:
            raise PyTypeError(f"execute_kw() takes from 5 to 6 positional arguments but {given} were given")
        model, method, args = rest[0], rest[1], rest[2]
        kwargs = rest[3] if len(rest) > 3 else None
        note.update(model=model, model_method=method)
        if not isinstance(args, list):
            raise PyTypeError(f"execute() argument after * must be an iterable, not {type(args).__name__}"
                              " (the test server requires a JSON list)")
        kwargs = kwargs or {}
        if not isinstance(kwargs, dict):
            raise PyTypeError(f"execute() argument after ** must be a mapping, not {type(kwargs).__name__}")
        if not isinstance(method, str) or method.startswith("_"):
            raise AccessError(f"Private methods (such as '{method}') cannot be called remotely.")
        self.db.model(model)
        if method not in SIGNATURES:
            raise PyAttributeError(f"The method '{method}' does not exist on the model '{model}'")
        kwargs = dict(kwargs)
        context = kwargs.pop("context", None) or {}
        if not isinstance(context, dict):
            raise PyValueError(f"context must be a dictionary, not {type(context).__name__}")
        if method in MULTI or method == "create":
            if not args:
                raise PyIndexError("list index out of range")
        if method in MULTI:
            ids, args = args[0], args[1:]
            ids = ids if isinstance(ids, list) else [ids]
        try:
            bound = SIGNATURES[method](*args, **kwargs)
        except TypeError as exc:
            raise PyTypeError(str(exc))
        return self.run_method(model, method, bound, ids if method in MULTI else None, context, note)

    def run_method(self, model, method, a, ids, context, note):
        db = self.db
        if method == "search":
            return db.search_ids(model, a["domain"], context, a["offset"], a["limit"], a["order"])
        if method == "search_count":
            return len(db.search_ids(model, a["domain"], context, 0, a["limit"]))
        if method == "search_read":
            found = db.search_ids(model, a["domain"] or [], context, a["offset"], a["limit"], a["order"])
            fields = a["fields"]
            if fields:
                for f in fields:
                    if f != "id":
                        db.field(db.schema[model], f)
            return db.read(model, found, fields, context)
        if method == "read":
            return db.read(model, ids, a["fields"], context)
        if method == "exists":
            return [i for i in ids if i in db.tables[model]]
        if method == "fields_get":
            return db.fields_get(model, a["allfields"], a["attributes"])
        if method == "name_search":
            domain = list(a["args"] or [])
            mdl = db.schema[model]
            db.check_domain(mdl, domain)
            lang = db.lang(context)
            found = []
            for rid in db.search_ids(model, domain, context):
                shown = db.display_name(model, rid, lang)
                if not a["name"] or like_match(a["name"], shown, True, a["operator"].startswith("=")):
                    found.append([rid, shown])
            return found[:a["limit"]] if a["limit"] else found
        counters = {"images": 0}
        if method == "create":
            vals = a["vals_list"]
            single = isinstance(vals, dict)
            note["records"] = 1 if single else len(vals) if isinstance(vals, list) else 0
            if not single and not isinstance(vals, list):
                raise PyValueError(f"Wrong value for create on {model}: {vals!r}")
            created = self._atomic(lambda: db.create(model, [vals] if single else vals, context, counters))
            self.counters["images"] += counters["images"]
            return created[0] if single else created
        if method == "write":
            note["records"] = len(ids)
            result = self._atomic(lambda: db.write(model, ids, a["vals"], context, counters))
            self.counters["images"] += counters["images"]
            return result
        if method == "unlink":
            note["records"] = len(ids)
            return self._atomic(lambda: db.unlink(model, ids))
        raise PyAttributeError(f"The method '{method}' does not exist on the model '{model}'")

    def _atomic(self, fn):
        """One call is one transaction: a failure leaves no trace."""
        self.db.begin()
        try:
            result = fn()
        except OdooError:
            self.db.rollback()
            raise
        self.db.commit()
        return result

    def take_failure(self, service, method, note):
        if service != "object":
            return None
        for f in self.failures:
            if f.get("model") and f["model"] != note.get("model"):
                continue
            if f.get("method") and f["method"] != note.get("model_method"):
                continue
            f["count"] -= 1
            if f["count"] <= 0:
                self.failures.remove(f)
            return f
        return None

    def peek_model(self, params):
        if isinstance(params, list) and len(params) >= 5:
            return {"model": params[3], "model_method": params[4]}
        return {}

    def handle_rpc(self, payload):
        """Returns (http_status, body_dict_or_text, delay_seconds)."""
        request_id = payload.get("id") if isinstance(payload, dict) else None
        params = payload.get("params") if isinstance(payload, dict) else None
        if not isinstance(params, dict):
            return 200, error_body(request_id, PyTypeError(
                "jsonrpc() missing 3 required positional arguments: 'service', 'method', and 'args'")), 0
        service, method, args = params.get("service"), params.get("method"), params.get("args", [])
        note = {"service": service, "method": method}
        note.update(self.peek_model(args) if service == "object" else {})
        with self.lock:
            failure = self.take_failure(service, method, note)
        if failure and failure["kind"] == "http502":
            with self.lock:
                self._count(service, method, note, "http502")
            return 502, "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>", 0
        delay = float(failure.get("seconds", 1.0)) if failure and failure["kind"] == "slow" else 0.0
        with self.lock:
            try:
                if failure and failure["kind"] == "serialization":
                    raise PgSerializationFailure("could not serialize access due to concurrent update\n")
                if not isinstance(args, list):
                    raise PyTypeError("dispatch_rpc() args must be a list")
                if service == "common":
                    result = self.common(method, args)
                elif service == "object":
                    if method != "execute_kw" and method != "execute":
                        raise PyNameError(f"Method not available {method}")
                    if method == "execute":
                        raise PyNameError("Method not available execute (the test server speaks execute_kw only)")
                    result = self.execute_kw(args, note)
                elif service == "db":
                    raise AccessDenied("Access Denied")
                else:
                    raise PyKeyError(repr(service))
                self._count(service, method, note, None)
                return 200, {"jsonrpc": "2.0", "id": request_id, "result": result}, delay
            except OdooError as exc:
                self._count(service, method, note, exc.name)
                return 200, error_body(request_id, exc), delay

    def _count(self, service, method, note, error):
        c = self.counters
        c["total"] += 1
        if service == "object":
            key = f"{note.get('model')}.{note.get('model_method')}"
            if note.get("model_method") in WRITE_METHODS:
                c["writes"] += 1
            else:
                c["reads"] += 1
        else:
            key = f"{service}.{method}"
        if error:
            c["errors"] += 1
        self.by_method[key] = self.by_method.get(key, 0) + 1
        self.log.append(dict(note, error=error))

    def calls(self, with_log):
        c = dict(self.counters)
        out = {"total": c["total"], "reads": c["reads"], "writes": c["writes"], "errors": c["errors"],
               "images_written": c["images"], "max_in_flight": c["max_in_flight"],
               "by_method": dict(self.by_method)}
        if with_log:
            out["log"] = list(self.log)
        return out



class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Werkzeug/3.0.1"  # what Odoo's own server says
    sys_version = "Python/3"

    def log_message(self, fmt, *args):  # quiet: tests read the control API instead
        pass

    def _send(self, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else (
            json.dumps(body).encode() if not isinstance(body, str) else body.encode())
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_GET(self):
        state = self.server.state
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        with state.lock:
            if url.path == "/test/records":
                mname = (query.get("model") or [""])[0]
                if mname not in state.db.schema:
                    return self._send(404, {"error": f"no model {mname}"})
                images = (query.get("images") or ["sha1"])[0]
                return self._send(200, {"model": mname, "records": state.db.export(mname, images)})
            if url.path == "/test/calls":
                return self._send(200, state.calls((query.get("log") or ["0"])[0] == "1"))
            if url.path == "/web/webclient/version_info":
                return self._send(200, {"jsonrpc": "2.0", "id": None, "result": state.version()})
        self._send(404, "<html><body>404 Not Found</body></html>", "text/html")

    def do_POST(self):
        state = self.server.state
        url = urlsplit(self.path)
        raw = self._body()
        if url.path.startswith("/test/"):
            return self._control(state, url.path, raw)
        if url.path != "/jsonrpc":
            return self._send(404, "<html><body>404 Not Found</body></html>", "text/html")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype not in ("application/json", "application/json-rpc"):
            return self._send(400, "<html><body><h1>Bad Request</h1><p>Request inferred type is compatible with "
                                   "['http'] but /jsonrpc is type=json</p></body></html>", "text/html")
        try:
            payload = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return self._send(400, "Invalid JSON data", "text/html")
        with state.lock:
            state.in_flight += 1
            state.counters["max_in_flight"] = max(state.counters["max_in_flight"], state.in_flight)
            latency = state.latency
        try:
            if latency:
                time.sleep(latency)
            status, body, delay = state.handle_rpc(payload)
            if delay:
                time.sleep(delay)
            if status != 200:
                return self._send(status, body, "text/html")
            self._send(200, body)
        finally:
            with state.lock:
                state.in_flight -= 1

    def _control(self, state, path, raw):
        try:
            body = json.loads(raw.decode("utf-8")) if raw else {}
        except (UnicodeDecodeError, json.JSONDecodeError):
            return self._send(400, {"error": "control API bodies are JSON"})
        with state.lock:
            if path == "/test/reset":
                if body.get("what", "all") == "all":
                    state.db = Database(state.args.profile, state.args.website_sale)
                    state.failures = []
                state.reset_calls()
                return self._send(200, {"ok": True})
            if path == "/test/seed":
                try:
                    records = body.get("records", [])
                    ids = state._atomic(lambda: state.db.create(body.get("model", ""), records,
                                                                body.get("context") or {}))
                except OdooError as exc:
                    return self._send(400, error_body(None, exc))
                return self._send(200, {"ids": ids})
            if path == "/test/fail":
                kind = body.get("kind")
                if kind not in ("http502", "serialization", "slow"):
                    return self._send(400, {"error": "kind is http502 | serialization | slow"})
                body["count"] = int(body.get("count", 1))
                state.failures.append(body)
                return self._send(200, {"ok": True})
            if path == "/test/latency":
                state.latency = float(body.get("seconds", 0))
                return self._send(200, {"ok": True})
        self._send(404, {"error": f"no control endpoint {path}"})


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--profile", type=int, choices=(17, 18), default=17)
    ap.add_argument("--website-sale", action="store_true")
    ap.add_argument("--db", default="odoo")
    ap.add_argument("--login", default="admin")
    ap.add_argument("--password", default="admin")
    ap.add_argument("--api-key", default=DEFAULT_API_KEY)
    ap.add_argument("--latency", type=float, default=0.0, help="seconds every RPC call waits")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args(argv)

    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    server.state = Server(args)
    return serve(server)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
