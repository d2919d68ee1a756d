#include "deep_sheet.hpp"

#include <algorithm>
#include <set>

#include "sheet_end.hpp"
#include "sheet_reader.hpp"
#include "tecsync/text/header.hpp"
#include "tecsync/text/markup.hpp"
#include "tecsync/text/message.hpp"
#include "tecsync/text/sku.hpp"
#include "tecsync/text/trim.hpp"

namespace tecsync::air {
namespace {

// `IMG3` → 3; not an image column → 0.
unsigned image_number(const std::string& header) {
  std::string f = text::fold_header(header);
  if (f.rfind("img", 0) != 0 || f.size() == 3) return 0;
  std::string_view rest = text::trim(std::string_view(f).substr(3));
  if (rest.empty() || rest.size() > 2 || rest.find_first_not_of("0123456789") != std::string_view::npos) return 0;
  return static_cast<unsigned>(std::stoul(std::string(rest)));
}

}  // namespace

CharacteristicsParser::CharacteristicsParser(const AirConfig& config, const HostServices& host, std::string resource,
                                             ContentStream& out)
    : host_(host), resource_(std::move(resource)), out_(out), csv_(config.separator) {
  out_.facts().resource = resource_;
}

// An HTML page (a login or error page served with 200) is never read as CSV;
// the decoder may hold the first bytes back, so this runs on each decoded piece
// until the first visible character is seen.
bool CharacteristicsParser::check_start() {
  if (started_) return true;
  std::string_view t = text::trim(decoded_);
  if (t.empty()) return true;
  started_ = true;
  if (text::starts_with_markup(t))
    status_ = Status::failed(FailureArea::feed, "FeedFormatError",
                             resource_ + " is an HTML page, not a characteristics CSV (starts '" +
                                 text::controls_to_spaces(std::string(t.substr(0, 40))) + "')");
  return status_.is_ok();
}

Status CharacteristicsParser::push(std::string_view bytes) {
  if (!status_) return status_;
  decoded_.clear();
  decoder_.push(bytes, decoded_);
  if (!check_start()) return status_;
  csv_.push(decoded_, [this](text::CsvRecord&& r) { return on_record(std::move(r)); });
  return status_;
}

Status CharacteristicsParser::finish() {
  if (!status_) return status_;
  decoded_.clear();
  decoder_.finish(decoded_);
  if (!check_start()) return status_;
  auto cb = [this](text::CsvRecord&& r) { return on_record(std::move(r)); };
  csv_.push(decoded_, cb);
  if (status_) csv_.finish(cb);
  if (!status_) return status_;
  host_.log.info("air: " + resource_ + ": encoding=" + text::to_string(decoder_.encoding()) +
                 (decoder_.had_bom() ? " (BOM dropped)" : "") + ", separator='" + std::string(1, csv_.separator()) +
                 "', " + std::to_string(records_) + " records");
  warn_mixed_encoding(host_, resource_, decoder_);
  return require_header_and_rows(resource_, decoder_, have_header_, out_.rows());
}

bool CharacteristicsParser::on_record(text::CsvRecord&& rec) {
  if (!status_) return false;
  if (rec.unterminated) {
    // As in the flash sheet: opened on the last line = a cut transfer; run over
    // line breaks to the end = a stray quote that ate the rest of the file.
    if (rec.fields.empty() || rec.fields.back().find('\n') == std::string::npos)
      status_ = Status::failed(FailureArea::api, "FeedTransportError.Incomplete",
                               resource_ + ": record truncated at line " + std::to_string(rec.line) +
                                   " (the body ends inside a quoted field, no line end)");
    else
      status_ = Status::failed(
          FailureArea::feed, "FeedFormatError",
          resource_ + " ends inside a quoted field opened at line " + std::to_string(rec.line) + " (truncated?)");
    return false;
  }
  if ((++records_ & 255) == 0 && host_.cancel.requested()) {
    status_ = Status::skipped(FailureArea::none, "Cancelled",
                              "cancelled at " + resource_ + " line " + std::to_string(rec.line));
    return false;
  }
  if (rec.is_blank()) return true;
  status_ = have_header_ ? row(rec) : resolve_header(rec);
  return status_.is_ok();
}

Status CharacteristicsParser::resolve_header(const text::CsvRecord& rec) {
  have_header_ = true;
  width_ = rec.fields.size();
  std::string found;
  for (const auto& f : rec.fields) found += (found.empty() ? "" : ", ") + f;
  auto sku = text::find_column(rec.fields, "CODPROV");
  if (!sku)
    return Status::failed(FailureArea::feed, "FeedSchemaError",
                          resource_ + ": no SKU column (CODPROV); found " + found);
  sku_col_ = *sku;
  name_col_ = text::find_column(rec.fields, "DESCRIPCIÓN");
  text_col_ = text::find_column(rec.fields, "CARACTERISTICAS");
  if (!text_col_) text_col_ = text::find_column(rec.fields, "CARACTERÍSTICAS");
  mpn_col_ = text::find_column(rec.fields, "Part Number");
  brand_col_ = text::find_column(rec.fields, "MARCA");
  category_col_ = text::find_column(rec.fields, "RUBRO");
  std::vector<std::pair<unsigned, std::size_t>> images;
  for (std::size_t i = 0; i < rec.fields.size(); ++i)
    if (unsigned n = image_number(rec.fields[i])) images.emplace_back(n, i);
  std::stable_sort(images.begin(), images.end());
  for (const auto& im : images) image_cols_.push_back(im.second);
  if (!name_col_ && !text_col_ && image_cols_.empty())
    return Status::failed(FailureArea::feed, "FeedSchemaError",
                          resource_ + ": no content column (DESCRIPCIÓN, CARACTERISTICAS, IMG1…); found " + found);
  std::set<std::size_t> known(image_cols_.begin(), image_cols_.end());
  for (auto col : {std::optional<std::size_t>(sku_col_), name_col_, text_col_, mpn_col_, brand_col_, category_col_})
    if (col) known.insert(*col);
  for (std::size_t i = 0; i < rec.fields.size(); ++i) {
    if (known.count(i)) continue;
    host_.log.warn("air: " + resource_ + ": UNKNOWN_COLUMN '" + rec.fields[i] + "' ignored");
    host_.pulses.emit(pulse::warning("UNKNOWN_COLUMN", "'" + rec.fields[i] + "' in " + resource_ + " ignored"));
    host_.counters.add("unknown_columns", 1);
  }
  return Status::ok();
}

Status CharacteristicsParser::row(const text::CsvRecord& rec) {
  Origin origin{resource_, rec.line};
  text::SkuResult sku = text::check_sku(sku_col_ < rec.fields.size() ? rec.fields[sku_col_] : std::string());
  auto reject = [&](std::string code, std::string detail) {
    return out_.reject(RowIssue{origin, sku.sku, std::move(code), std::move(detail)});
  };
  if (rec.no_line_end && rec.fields.size() < width_)
    return Status::failed(FailureArea::api, "FeedTransportError.Incomplete",
                          resource_ + ": record truncated at line " + std::to_string(rec.line) + " (" +
                              std::to_string(rec.fields.size()) + " of " + std::to_string(width_) +
                              " fields, no line end)");
  if (rec.fields.size() != width_)
    return reject("BAD_ROW", std::to_string(rec.fields.size()) + " fields, the header has " + std::to_string(width_));
  if (rec.malformed) return reject("BAD_ROW", "stray quote: field quoting is broken");
  if (sku.code == text::SkuCode::blank) return reject("BLANK_SKU", "SKU is blank");
  if (sku.code == text::SkuCode::mangled)
    return reject("MANGLED_SKU", "SKU '" + sku.sku + "' is in spreadsheet number form; digits cannot be recovered");

  ProductContent c;
  c.sku = sku.sku;
  c.origin = origin;
  auto cell = [&](std::optional<std::size_t> col) {
    return col ? std::string(text::trim(rec.fields[*col])) : std::string();
  };
  c.name = text::controls_to_spaces(cell(name_col_));
  c.mpn = cell(mpn_col_);
  c.brand = cell(brand_col_);
  if (std::string rubro = cell(category_col_); !rubro.empty()) c.category = {rubro};
  if (text_col_) apply_characteristics(c, rec.fields[*text_col_]);
  std::vector<std::string> cells;
  for (auto col : image_cols_) cells.push_back(rec.fields[col]);
  add_images(c, cells);
  return out_.add(std::move(c));
}

Status read_characteristics(const AirConfig& config, const HostServices& host, ContentStream& out) {
  CharacteristicsParser parser(config, host, config.characteristics_url, out);
  Status s = read_resource(config.characteristics_url, config, host,
                           [&](std::string_view bytes) { return parser.push(bytes); });
  return s ? parser.finish() : s;
}

}  // namespace tecsync::air
