#include "source.hpp"

#include "api_reader.hpp"
#include "offer_stream.hpp"
#include "sheet_reader.hpp"

namespace tecsync::air {

AirSource::AirSource(const HostServices& host) : host_(host), config_(parse_config(host.config)) {}

Status AirSource::read(Strategy strategy, Emitter& out) {
  if (strategy != Strategy::flash)
    return Status::failed(FailureArea::config, "PluginConfigError",
                          "air (" + host_.instance + "): only the flash strategy is supported");
  OfferStream stream(out);
  Status s = config_.form == Form::api ? read_api(config_, host_, stream) : read_sheet(config_, host_, stream);
  if (!s) return s;
  s = stream.finish();
  if (!s) return s;
  host_.log.info("air (" + host_.instance + "): " + std::to_string(stream.rows()) + " rows, " +
                 std::to_string(stream.offers_emitted()) + " offers");
  return Status::ok();
}

}  // namespace tecsync::air
