#include "support/catalog.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace tecsync::it {
namespace {

Decimal parse_exact(const std::string& text, const std::string& what) {
  auto d = Decimal::parse(text);
  if (!d) throw std::runtime_error("not a decimal in " + what + ": '" + text + "'");
  return *d;
}

}  // namespace

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back().push_back(c);
    }
  }
  return fields;
}

std::vector<CatalogRow> read_expected(const std::filesystem::path& csv) {
  std::ifstream in(csv);
  if (!in) throw std::runtime_error("cannot read " + csv.string());
  std::string line;
  std::getline(in, line);
  auto header = split_csv_line(line);
  auto column = [&](const std::string& name) {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    throw std::runtime_error(csv.string() + ": no column " + name);
  };
  const auto sku = column("sku"), cost = column("cost"), currency = column("currency"), cba = column("cba"),
             lug = column("lug");
  std::vector<CatalogRow> rows;
  for (int number = 2; std::getline(in, line); ++number) {
    if (line.empty() || line == "\r") continue;
    auto f = split_csv_line(line);
    if (f.size() != header.size())
      throw std::runtime_error(csv.string() + ":" + std::to_string(number) + ": " + std::to_string(f.size()) +
                               " fields, header has " + std::to_string(header.size()));
    const std::string where = csv.string() + ":" + std::to_string(number);
    rows.push_back(
        {f[sku], parse_exact(f[cost], where), f[currency], parse_exact(f[cba], where), parse_exact(f[lug], where)});
  }
  return rows;
}

Decimal read_cotiza(const std::filesystem::path& login_json) {
  std::ifstream in(login_json);
  auto j = nlohmann::json::parse(in);
  // Air sends cotiza as a string; take its text as is, never through a double.
  return parse_exact(j.at("cotiza").get<std::string>(), login_json.string());
}

std::map<std::string, ExpectedProduct> expected_products(const std::vector<CatalogRow>& rows, Decimal margin_percent,
                                                         Decimal usd_to_ars) {
  const Decimal factor = Decimal::from_int(1) + margin_percent / Decimal::from_int(100);
  const Decimal cent = *Decimal::parse("0.01");
  std::map<std::string, ExpectedProduct> out;
  for (const auto& row : rows) {
    Decimal fx;
    if (row.currency == "USD")
      fx = usd_to_ars;
    else if (row.currency == "ARS")
      fx = Decimal::from_int(1);
    else
      throw std::runtime_error("unexpected currency " + row.currency + " for " + row.sku);
    // Inputs have 2 decimals, the factor 2 and fx 2: the product is exact at 6.
    out[row.sku] = {(row.cost * factor * fx).round_to(cent), row.cba, row.lug};
  }
  return out;
}

}  // namespace tecsync::it
