#include "api_reader.hpp"

#include <charconv>
#include <nlohmann/json.hpp>
#include <vector>

#include "api_item.hpp"
#include "api_session.hpp"
#include "tecsync/text/markup.hpp"
#include "tecsync/text/number.hpp"

namespace tecsync::air {
namespace {

using nlohmann::json;

std::chrono::sys_seconds now_utc() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string snippet(std::string_view body, std::size_t at) {
  std::size_t from = at > 40 ? at - 40 : 0;
  std::string s(body.substr(std::min(from, body.size()), 80));
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

// Reads a page that is an array of items straight from nlohmann's SAX events
// into `ApiItem`s, keeping only the fields the rules read, and converts each
// item as soon as it closes. Everything else is skipped without being stored.
// Anything the rules would need the DOM for (the top level not an array, a
// compound value where a rule quotes the text) stops the parse with
// `need_dom()`; so does a syntax error (the DOM route words it).
class PageSax {
 public:
  using string_t = json::string_t;

  PageSax(const AirConfig& config, const std::string& url, std::chrono::sys_seconds fetched_at,
          std::optional<Decimal> cotiza, std::vector<ItemResult>& items)
      : config_(config), shape_(config), url_(url), fetched_at_(fetched_at), cotiza_(cotiza), items_(items) {}

  bool need_dom() const { return need_dom_; }

  bool null() { return scalar(JsonKind::null, {}); }
  bool boolean(bool v) { return scalar(JsonKind::boolean, v ? "true" : "false"); }
  bool number_integer(json::number_integer_t v) { return integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return integer(v); }
  bool number_float(json::number_float_t v, const string_t&) {
    // The rules see a number as dump() writes it (1.50 → 1.5): only for the
    // fields they read, and floats are rare in Air's pages.
    if (depth_ < kItem || target()) return scalar(JsonKind::floating, depth_ < kItem ? std::string() : json(v).dump());
    return true;
  }
  bool string(string_t& v) { return scalar(JsonKind::string, v); }
  bool binary(json::binary_t&) { return true; }  // never produced by JSON text

  bool start_object(std::size_t) { return open(JsonKind::object); }
  bool start_array(std::size_t) { return open(JsonKind::array); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(string_t& k) {
    if (skip_) return true;
    if (depth_ == kItem) {
      int at = shape_.slot(k);
      field_ = at < 0 ? nullptr : &item_.fields[static_cast<std::size_t>(at)];
      if (field_) field_->reset();  // a repeated key: the last one counts, as in a DOM
    } else if (depth_ == kMember) {
      member_ = k == "disponible" ? &field_->disponible : k == "alicuota" ? &field_->alicuota : nullptr;
      if (member_) member_->reset();
    }
    return true;
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    need_dom_ = true;
    return false;
  }

 private:
  // Container depth: 0 = before the page, 1 = in the page array, 2 = in an
  // item object, 3 = in an object-valued field of an item.
  static constexpr int kPage = 1, kItem = 2, kMember = 3;

  // Where a scalar at the current position goes (nullptr: nowhere).
  ApiValue* target() const {
    if (skip_) return nullptr;
    if (depth_ == kItem) return field_ ? &field_->value : nullptr;
    if (depth_ == kMember) return member_;
    return nullptr;
  }

  template <typename Int>
  bool integer(Int v) {
    if (depth_ < kItem) return scalar(JsonKind::integer, {});
    if (ApiValue* t = target()) {
      char buf[24];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
      t->kind = JsonKind::integer;
      t->text.assign(buf, end);
    }
    return true;
  }

  bool scalar(JsonKind kind, std::string_view text) {
    if (skip_) return true;
    if (depth_ == 0) return to_dom();  // a page that is a lone scalar
    if (depth_ == kPage) {             // an item that is not an object
      item_.kind = kind;
      return emit();
    }
    if (ApiValue* t = target()) {
      t->kind = kind;
      t->text.assign(text);
    }
    return true;
  }

  bool open(JsonKind kind) {
    if (skip_) {
      ++skip_;
      return true;
    }
    switch (depth_) {
      case 0:
        if (kind != JsonKind::array) return to_dom();  // an Air error object, or not a page
        depth_ = kPage;
        return true;
      case kPage:
        item_.reset(shape_);
        item_.kind = kind;
        if (kind != JsonKind::object) {
          skip_ = 1;
          return emit();
        }
        field_ = nullptr;
        depth_ = kItem;
        return true;
      case kItem:
        // An object or array `moneda` is quoted whole (UNKNOWN_CURRENCY): rare, left to the DOM route.
        if (field_ == &item_.fields[ApiItemShape::kMoneda]) return to_dom();
        if (field_) field_->value.kind = kind;
        if (field_ && kind == JsonKind::object) {
          member_ = nullptr;
          depth_ = kMember;
        } else {
          skip_ = 1;
        }
        return true;
      default:
        // A rule would quote this member's dump (a `disponible` or `alicuota`
        // that is an object or array): rare, left to the DOM route.
        if (member_) return to_dom();
        skip_ = 1;
        return true;
    }
  }

  bool close() {
    if (skip_) {
      --skip_;
      return true;
    }
    --depth_;
    if (depth_ == kPage) return emit();  // an item object closed
    return true;
  }

  bool emit() {
    items_.push_back(offer_from_item(item_, shape_, config_, Origin{url_, items_.size() + 1}, fetched_at_, cotiza_));
    return true;
  }

  bool to_dom() {
    need_dom_ = true;
    return false;
  }

  const AirConfig& config_;
  ApiItemShape shape_;
  const std::string& url_;
  std::chrono::sys_seconds fetched_at_;
  std::optional<Decimal> cotiza_;
  std::vector<ItemResult>& items_;
  ApiItem item_;
  ApiField* field_ = nullptr;   // the item field whose value comes next (depth 2) or is open (depth 3)
  ApiValue* member_ = nullptr;  // the member of `field_` whose value comes next (depth 3)
  int depth_ = 0;
  int skip_ = 0;  // > 0: inside a value nobody reads; counts its open containers
  bool need_dom_ = false;
};

}  // namespace

std::string with_query(const std::string& base, const std::string& query) {
  return base + (base.find('?') == std::string::npos ? "?" : "&") + query;
}

std::string url_encode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

namespace {

// The whole page through the DOM: the route for a page that is not an array
// of plain items (an Air error object, a syntax error, a value the rules
// would quote whole). Kept as it was so those messages do not change.
Status read_dom_page(std::string_view body, const std::string& url, std::size_t n, const AirConfig& config,
                     const HostServices& host, std::vector<ItemResult>& items, std::chrono::sys_seconds fetched_at,
                     std::optional<Decimal> cotiza, bool& last) {
  json page;
  try {
    page = json::parse(body);
  } catch (const json::parse_error& e) {
    return Status::failed(FailureArea::feed, "FeedFormatError",
                          url + " (page " + std::to_string(n) + ", " + std::to_string(body.size()) +
                              " bytes) is not valid JSON at byte " + std::to_string(e.byte) + ": near '" +
                              snippet(body, e.byte) + "'");
  } catch (const json::exception& e) {
    // Not a syntax error but still no page: a number beyond a double
    // (`1e999`, out_of_range 406). Found by the fuzzer: it used to escape.
    return Status::failed(FailureArea::feed, "FeedFormatError",
                          url + " (page " + std::to_string(n) + ", " + std::to_string(body.size()) +
                              " bytes) is not usable JSON: " + e.what());
  }
  if (auto err = air_error(page))
    return Status::failed(
        FailureArea::api, "FeedTransportError.ApiError",
        *err + " at " + url + " (page " + std::to_string(n) + ")" +
            (err->find(" 403") != std::string::npos ? "; Air asks for at least 5 minutes between full downloads" : ""));
  if (!page.is_array())
    return Status::failed(FailureArea::feed, "FeedFormatError",
                          url + " (page " + std::to_string(n) + ") is a JSON " + page.type_name() + ", not an array");
  if (page.empty()) {
    if (n == 0)
      return Status::failed(FailureArea::feed, "FeedEmpty",
                            url + ": page 0 is [] (0 items, " + std::to_string(body.size()) + " bytes)");
    last = true;
    return Status::ok();
  }
  host.counters.add("api_pages", 1);
  items.reserve(page.size());
  for (std::size_t i = 0; i < page.size(); ++i)
    items.push_back(parse_api_item(page[i], config, Origin{url, i + 1}, fetched_at, cotiza));
  return Status::ok();
}

}  // namespace

Status read_api_page(std::string_view body, const std::string& url, std::size_t n, const AirConfig& config,
                     const HostServices& host, OfferStream& out, std::chrono::sys_seconds fetched_at,
                     std::optional<Decimal> cotiza, bool& last) {
  last = false;
  // Every item is converted before any reaches `out`: a page cut or garbled
  // after its first items fails whole and hands on nothing.
  std::vector<ItemResult> items;
  PageSax sax(config, url, fetched_at, cotiza, items);
  if (!json::sax_parse(body, &sax) || sax.need_dom()) {
    items.clear();
    if (Status s = read_dom_page(body, url, n, config, host, items, fetched_at, cotiza, last); !s || last) return s;
  } else if (items.empty()) {
    if (n == 0)
      return Status::failed(FailureArea::feed, "FeedEmpty",
                            url + ": page 0 is [] (0 items, " + std::to_string(body.size()) + " bytes)");
    last = true;
    return Status::ok();
  } else {
    host.counters.add("api_pages", 1);
  }
  for (auto& r : items) {
    Status s = std::holds_alternative<Offer>(r) ? out.add(std::get<Offer>(std::move(r)))
                                                : out.reject(std::get<RowIssue>(std::move(r)));
    if (!s) return s;
  }
  return Status::ok();
}

Status read_api(const AirConfig& config, const HostServices& host, OfferStream& out) {
  ApiSession session(config, host);
  Status s = session.login();
  if (!s) return s;
  out.facts().supplier_fx = session.cotiza();
  out.facts().fx_base = "USD";
  out.facts().fx_quote = "ARS";
  out.facts().resource = config.url;
  // Facts right after login: the sink begins (locks, checks the target) before
  // the catalog is downloaded, so a setup error costs one request, not the feed.
  if (Status f = out.send_facts(); !f) return f;

  std::string body;
  for (std::size_t n = 0;; ++n) {
    if (host.cancel.requested())
      return Status::skipped(FailureArea::none, "Cancelled", "cancelled before page " + std::to_string(n));
    if (n >= config.max_pages)
      return Status::failed(FailureArea::feed, "FeedFormatError",
                            "more than max_pages = " + std::to_string(config.max_pages) + " pages at " + config.url);
    std::string url = with_query(config.url, "q=" + config.query + "&page=" + std::to_string(n));
    auto fetched_at = now_utc();
    s = session.page(n, url, body);
    if (!s) return s;
    if (text::starts_with_markup(body))  // a 200 login/maintenance page, whatever its Content-Type
      return Status::failed(
          FailureArea::feed, "FeedFormatError",
          url + " (page " + std::to_string(n) + ") is an HTML page, not JSON: '" + snippet(body, 0) + "'");
    bool last = false;
    s = read_api_page(body, url, n, config, host, out, fetched_at, session.cotiza(), last);
    if (!s) return s;
    if (last) break;
  }
  return Status::ok();
}

}  // namespace tecsync::air
