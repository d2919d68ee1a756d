#pragma once
/// @file
/// The deep feed's free text (fixtures/air/README.md §3, case 011):
/// `CARACTERISTICAS` is `Label: value | Label: value`, possibly over several
/// lines, and the part number sits under `Nº Parte`; `IMG1…IMG6` cells are
/// images only when they start with `http`.
///
/// The deep pipeline itself is issue 4; this is its parsing, used by the case
/// tests now and by the deep source later.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tecsync::air {

/// One `Label: value` item. A piece without `:` is a note: empty label, the
/// whole piece as value.
struct Spec {
  std::string label;
  std::string value;
};

/// Splits `text` at `|` and line breaks into trimmed, non-empty items; each
/// splits at its first `:`.
std::vector<Spec> parse_specs(std::string_view text);

/// The part number: the value of the first item whose label is one of `Nº
/// Parte`, `N° Parte`, `No Parte`, `Nro Parte`, `PN`, `P/N`, `Part Number`
/// (trimmed, case- and accent-folded), up to the first `,`, trimmed. Nullopt
/// when there is none or it is empty. Never the text of the next line or item.
std::optional<std::string> part_number(std::string_view text);

/// True when `label` names the part number (`Nº Parte`, `N° Parte`, `No Parte`,
/// `Nro Parte`, `PN`, `P/N`, `Part Number`, `Número de parte`), folded.
bool is_part_number_label(std::string_view label);

/// A part-number item's value as the part number: up to the first `,`, trimmed.
std::string part_number_value(std::string_view value);

/// The image URLs among `cells`, in order: those that, trimmed, start with
/// `http` (`-`, empty and other text are not images).
std::vector<std::string> image_urls(const std::vector<std::string>& cells);

}  // namespace tecsync::air
