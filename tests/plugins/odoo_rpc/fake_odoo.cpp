#include "fake_odoo.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace tecsync::odoo_rpc::test {

namespace {
const std::set<std::string> kM2o = {"product_tmpl_id", "attribute_id", "partner_id",   "currency_id", "categ_id",
                                    "parent_id",       "location_id",  "warehouse_id", "model_id"};

// An Odoo error as the server would raise it.
struct OdooError {
  std::string name, message;
};
}  // namespace

std::string png_bytes(std::size_t size) {
  // Signature, filler, then an IEND chunk (length 0, type, CRC): a whole file.
  const std::string iend("\0\0\0\0IEND\xAE\x42\x60\x82", 12);
  std::string s("\x89PNG\r\n\x1a\n", 8);
  s.resize(std::max<std::size_t>(size, 8 + iend.size()) - iend.size(), 'p');
  return s + iend;
}
std::string jpeg_bytes(std::size_t size) {
  std::string s("\xFF\xD8\xFF\xE0", 4);
  s.resize(std::max<std::size_t>(size, 6) - 2, 'j');
  return s + std::string("\xFF\xD9", 2);  // EOI: a whole file
}

FakeOdoo::FakeOdoo(int major_) : major(major_) {
  insert("ir.model", {{"model", "product.template"}});
  insert("ir.model", {{"model", "product.image"}});
  insert("res.currency", {{"name", "USD"}, {"active", true}});
  insert("res.currency", {{"name", "ARS"}, {"active", false}});
  insert("product.category", {{"name", "All"}, {"complete_name", "All"}});
  insert("stock.location",
         {{"name", "WH"}, {"complete_name", "WH"}, {"usage", "view"}, {"warehouse_id", 1}, {"active", true}});
  insert(
      "stock.location",
      {{"name", "Stock"}, {"complete_name", "WH/Stock"}, {"usage", "internal"}, {"warehouse_id", 1}, {"active", true}});
  insert("stock.location", {{"name", "Partners"}, {"complete_name", "Partners"}, {"usage", "view"}, {"active", true}});
}

int FakeOdoo::write_calls() const {
  int n = 0;
  for (const auto& [k, v] : calls)
    if (k.ends_with(".create") || k.ends_with(".write") || k.ends_with(".unlink")) n += v;
  return n;
}

std::int64_t FakeOdoo::insert(const std::string& model, json vals) {
  std::int64_t id = ++next_id_[model];
  vals["id"] = id;
  db_[model].push_back(std::move(vals));
  return id;
}

json* FakeOdoo::find(const std::string& model, const std::string& field, const json& value) {
  for (auto& r : db_[model])
    if (r.contains(field) && r[field] == value) return &r;
  return nullptr;
}

void FakeOdoo::serve(const std::string& url, long status, std::string type, std::string body) {
  files_[url] = {status, std::move(type), std::move(body)};
}

Status FakeOdoo::fetch(const HttpRequest& req, const BodyChunk& on_chunk, HttpResponse& resp) noexcept {
  try {
    std::string body;
    if (req.method == "POST" && req.url.ends_with("/jsonrpc")) {
      json in = json::parse(req.body);
      long status = 200;
      json out = dispatch(in.at("params"), status);
      if (status == -1)
        return Status::failed(FailureArea::api, "FeedTransportError.Timeout",
                              "timeout after 120 s at " + req.url + ": transfer not done (fake)");
      resp.status = status;
      resp.content_type = "application/json";
      if (status == 200) {
        out["jsonrpc"] = "2.0";
        out["id"] = in.value("id", json());
        body = out.dump();
      } else {
        body = "<html>bad gateway</html>";
      }
    } else {
      ++image_gets;
      auto f = files_.find(req.url);
      if (f == files_.end()) {
        resp.status = 404;
        resp.content_type = "text/html";
        body = "not found";
      } else {
        resp.status = f->second.status;
        resp.content_type = f->second.type;
        body = f->second.body;
      }
    }
    resp.body_bytes = body.size();
    if (!body.empty() && !on_chunk(body, resp))
      return Status::failed(FailureArea::api, "FeedTransportError.Aborted", req.url + ": aborted");
    return Status::ok();
  } catch (const std::exception& e) {
    return Status::failed(FailureArea::api, "FeedTransportError.Connect", std::string("fake: ") + e.what());
  }
}

json FakeOdoo::dispatch(const json& params, long& http_status) {
  const std::string service = params.at("service"), method = params.at("method");
  const json& args = params.at("args");
  ++calls[service + "." + method];
  auto error = [](const std::string& name, const std::string& message) {
    return json{
        {"error", {{"code", 200}, {"message", "Odoo Server Error"}, {"data", {{"name", name}, {"message", message}}}}}};
  };
  if (service == "common" && method == "version") {
    if (!args.empty()) return error("builtins.TypeError", "version() takes 0 arguments");
    return {{"result",
             {{"server_version", std::to_string(major) + ".0-20250421"},
              {"server_version_info", {major, 0, 0, "final", 0, ""}},
              {"server_serie", std::to_string(major) + ".0"},
              {"protocol_version", 1}}}};
  }
  if (service == "common" && method == "authenticate") {
    if (args.size() != 4) return error("builtins.TypeError", "authenticate() takes 4 arguments");
    return {{"result", args[1] == "admin" && args[2] == api_key ? json(2) : json(false)}};
  }
  if (service != "object" || method != "execute_kw") return error("builtins.KeyError", service + "." + method);
  if (args.size() != 6 && args.size() != 7) return error("builtins.TypeError", "execute_kw takes 6 or 7 arguments");
  if (args[1] != 2 || args[2] != api_key) return error("odoo.exceptions.AccessDenied", "Access Denied");
  const std::string model = args[3], kw_method = args[4];
  ++calls[model + "." + kw_method];
  if (inject) {
    json e = inject(model, kw_method, args[5]);
    if (e.is_object() && e.contains("http")) {
      http_status = e["http"].get<long>();
      return {};
    }
    if (e.is_object() && e.contains("lost")) {  // Odoo runs it; the answer never arrives
      execute(model, kw_method, args[5], args.size() == 7 ? args[6] : json::object());
      http_status = -1;
      return {};
    }
    if (!e.is_null()) return error(e.value("name", std::string()), e.value("message", std::string()));
  }
  try {
    return {{"result", execute(model, kw_method, args[5], args.size() == 7 ? args[6] : json::object())}};
  } catch (const OdooError& e) {
    return error(e.name, e.message);
  }
}

bool FakeOdoo::matches(const json& rec, const json& domain) const {
  for (const auto& leaf : domain) {
    const std::string f = leaf.at(0), op = leaf.at(1);
    json v = rec.contains(f) ? rec.at(f) : json(false);
    if (op == "=" && v != leaf.at(2)) return false;
    if (op == "in" && std::find(leaf.at(2).begin(), leaf.at(2).end(), v) == leaf.at(2).end()) return false;
    if (op != "=" && op != "in") throw OdooError{"builtins.ValueError", "fake supports = and in, not " + op};
  }
  return true;
}

json FakeOdoo::read(const std::string&, const json& rec, const json& fields) const {
  json out = {{"id", rec.at("id")}};
  for (const auto& f : fields) {
    const std::string name = f;
    if (!rec.contains(name)) {
      out[name] = false;
      continue;
    }
    const json& v = rec.at(name);
    out[name] =
        kM2o.count(name) ? (v.is_number_integer() && v.get<std::int64_t>() > 0 ? json{v, "x"} : json(false)) : v;
  }
  return out;
}

void FakeOdoo::check_fields(const std::string& model, const json& vals) const {
  if (model != "product.template") return;
  for (const auto& [k, v] : vals.items()) {
    bool bad = (major >= 18 && k == "detailed_type") || (major < 18 && k == "is_storable") ||
               (major >= 18 && k == "type" && v != "consu" && v != "service" && v != "combo");
    if (k.rfind("x_", 0) == 0) {
      bool known = false;
      for (const auto& f : db_.count("ir.model.fields") ? db_.at("ir.model.fields") : std::vector<json>{})
        known = known || f.value("name", std::string()) == k;
      bad = bad || !known;
    }
    if (bad) throw OdooError{"builtins.ValueError", "Invalid field '" + k + "' on model 'product.template'"};
  }
  if (major < 18 && vals.contains("detailed_type") && vals["detailed_type"] != "product")
    throw OdooError{"builtins.ValueError", "Wrong value for product.template.detailed_type"};
}

void FakeOdoo::apply_vals(const std::string& model, json& rec, const json& vals) {
  const std::int64_t id = rec.at("id");
  for (const auto& [k, v] : vals.items()) {
    if (k == "attribute_line_ids" || k == "seller_ids") {
      const std::string sub = k == "seller_ids" ? "product.supplierinfo" : "product.template.attribute.line";
      for (const auto& cmd : v) {
        json sv = cmd.at(2);
        if (sv.contains("value_ids")) sv["value_ids"] = sv["value_ids"][0][2];
        if (cmd.at(0) == 0) {
          sv["product_tmpl_id"] = id;
          insert(sub, sv);
        } else if (cmd.at(0) == 1) {
          json* line = find(sub, "id", cmd.at(1));
          if (!line) throw OdooError{"odoo.exceptions.MissingError", "Record does not exist or has been deleted."};
          for (const auto& [sk, svv] : sv.items()) (*line)[sk] = svv;
        } else if (cmd.at(0) == 2) {  // delete the line
          auto& t = table(sub);
          t.erase(std::remove_if(t.begin(), t.end(), [&](const json& r) { return r.at("id") == cmd.at(1); }), t.end());
        }
      }
      continue;
    }
    rec[k] = v;
  }
  if (model == "product.template") {
    json* variant = find("product.product", "product_tmpl_id", id);
    if (!variant) {
      insert("product.product",
             {{"product_tmpl_id", id}, {"default_code", rec.value("default_code", json(false))}, {"active", true}});
      variant = find("product.product", "product_tmpl_id", id);
    }
    if (vals.contains("barcode")) (*variant)["barcode"] = vals["barcode"];
    if (vals.contains("default_code")) (*variant)["default_code"] = vals["default_code"];
  }
}

json FakeOdoo::execute(const std::string& model, const std::string& method, const json& args, const json& kwargs) {
  const json ctx = kwargs.value("context", json::object());
  const bool active_test = ctx.value("active_test", true);
  if (method == "search_read") {
    json out = json::array();
    std::size_t limit = kwargs.value("limit", 0);
    for (const auto& r : db_[model]) {
      if (active_test && r.contains("active") && r["active"] == false) continue;
      if (!matches(r, args.at(0))) continue;
      out.push_back(read(model, r, kwargs.value("fields", json::array())));
      if (limit && out.size() >= limit) break;
    }
    return out;
  }
  if (method == "create") {
    const json& in = args.at(0);
    json list = in.is_array() ? in : json::array({in});
    json ids = json::array();
    for (const auto& vals : list) {
      check_fields(model, vals);
      if (model == "ir.model.fields" &&
          (vals.value("state", "") != "manual" || vals.value("name", std::string()).rfind("x_", 0) != 0))
        throw OdooError{"odoo.exceptions.ValidationError", "Custom fields must have a name that starts with 'x_'!"};
      if (model == "product.template" && !vals.contains("name"))
        throw OdooError{"odoo.exceptions.ValidationError", "mandatory field name"};
      json rec = {{"active", true}};
      std::int64_t id = insert(model, rec);
      json& r = db_[model].back();
      apply_vals(model, r, vals);
      if (model == "ir.model.fields") {  // `model` is the stored related of model_id
        json* m = find("ir.model", "id", vals.value("model_id", json(0)));
        db_[model].back()["model"] = m ? (*m)["model"] : json(false);
      }
      if (model == "product.category") {
        std::string parent;
        if (json* p = vals.contains("parent_id") ? find(model, "id", vals["parent_id"]) : nullptr)
          parent = (*p)["complete_name"].get<std::string>() + " / ";
        db_[model].back()["complete_name"] = parent + vals.value("name", std::string());
      }
      if (model == "stock.location") {
        json* p = find(model, "id", vals.value("location_id", json(0)));
        json& me = db_[model].back();
        me["complete_name"] =
            (p ? (*p)["complete_name"].get<std::string>() + "/" : "") + vals.value("name", std::string());
        me["warehouse_id"] = p ? p->value("warehouse_id", json(0)) : json(0);
      }
      ids.push_back(id);
    }
    return in.is_array() ? ids : ids[0];
  }
  if (method == "write") {
    check_fields(model, args.at(1));
    for (const auto& id : args.at(0)) {
      json* r = find(model, "id", id);
      if (!r) throw OdooError{"odoo.exceptions.MissingError", "Record does not exist or has been deleted."};
      apply_vals(model, *r, args.at(1));
    }
    return true;
  }
  if (method == "unlink") {
    auto& t = db_[model];
    for (const auto& id : args.at(0))
      t.erase(std::remove_if(t.begin(), t.end(), [&](const json& r) { return r["id"] == id; }), t.end());
    return true;
  }
  throw OdooError{"builtins.AttributeError", "fake has no method " + method};
}

}  // namespace tecsync::odoo_rpc::test
