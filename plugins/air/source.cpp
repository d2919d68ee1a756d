#include "source.hpp"

#include "api_reader.hpp"
#include "deep_api.hpp"
#include "deep_sheet.hpp"
#include "offer_stream.hpp"
#include "sheet_reader.hpp"

namespace tecsync::air {

AirSource::AirSource(const HostServices& host) : host_(host), config_(parse_config(host.config)) {}

Status AirSource::read(Strategy strategy, Emitter& out) {
  if (strategy == Strategy::deep) return read_deep(out);
  OfferStream stream(out);
  Status s = config_.form == Form::api ? read_api(config_, host_, stream) : read_sheet(config_, host_, stream);
  if (!s) return s;
  s = stream.finish();
  if (!s) return s;
  host_.log.info("air (" + host_.instance + "): " + std::to_string(stream.rows()) + " rows, " +
                 std::to_string(stream.offers_emitted()) + " offers");
  return Status::ok();
}

Status AirSource::read_deep(Emitter& out) {
  if (config_.form == Form::portal)
    return Status::failed(FailureArea::config, "PluginConfigError",
                          "air (" + host_.instance + "): the portal form has no deep feed; use form = api or sheet");
  if (config_.form == Form::sheet && config_.characteristics_url.empty())
    return Status::failed(
        FailureArea::config, "PluginConfigError",
        "air (" + host_.instance + "): key 'characteristics_url' is required for a deep read of form = sheet");
  ContentStream stream(out);
  Status s =
      config_.form == Form::api ? read_deep_api(config_, host_, stream) : read_characteristics(config_, host_, stream);
  if (!s) return s;
  s = stream.finish();
  if (!s) return s;
  host_.log.info("air (" + host_.instance + "): deep: " + std::to_string(stream.rows()) + " rows, " +
                 std::to_string(stream.contents_emitted()) + " products");
  return Status::ok();
}

}  // namespace tecsync::air
