#include "config/host_keys.hpp"

namespace tecsync::config {

namespace {

constexpr ConfigKey kTecsync[] = {
    {"plugin_path", KeyType::path, "",
     "directory scanned for plugin *.so files; relative to the main config file's directory. Default: "
     "the build tree's plugins when run from it, else <libdir>/tecsync/plugins"},
    {"log_level", KeyType::choice, "info", "log verbosity on stderr/journald", "debug|info|warn|error"},
    {"http_connect_timeout", KeyType::seconds, "10", "TCP+TLS connect timeout of every HTTP request, > 0"},
    {"http_low_speed_window", KeyType::seconds, "30",
     "a transfer slower than http_low_speed_bytes per second this long is stalled (Timeout), > 0"},
    {"http_low_speed_bytes", KeyType::integer, "1", "bytes per second below which a transfer counts as stalled, > 0"},
    {"http_timeout", KeyType::seconds, "0", "whole-transfer limit; 0 = none"},
    {"http_retries", KeyType::integer, "3", "retries of a request that failed before any body byte"},
    {"http_backoff", KeyType::seconds, "1", "wait before the first retry; doubles each retry"},
    {"metrics_dir", KeyType::path, "",
     "node_exporter textfile-collector directory; tecsync run writes tecsync_<pipeline>.prom there after each "
     "cycle. Empty = no metrics file"},
};

constexpr ConfigKey kPipeline[] = {
    {"source", KeyType::string, nullptr, "instance name X of the [source.X] section the cycle reads"},
    {"transforms", KeyType::string, "",
     "comma-separated instance names of [transform.X] sections, applied in order; may be empty"},
    {"sink", KeyType::string, nullptr, "instance name X of the [sink.X] section the cycle lands in"},
    {"strategy", KeyType::choice, "flash", "flash = price and stock; deep = product content", "flash|deep"},
    {"batch_size", KeyType::integer, "5000", "offers per batch between source, transforms and sink, > 0"},
};

constexpr ConfigKey kInstance[] = {
    {"plugin", KeyType::string, nullptr, "the plugin's name (`tecsync plugins` lists them)"},
};

}  // namespace

std::span<const ConfigKey> tecsync_keys() { return kTecsync; }
std::span<const ConfigKey> pipeline_keys() { return kPipeline; }
std::span<const ConfigKey> instance_keys() { return kInstance; }

}  // namespace tecsync::config
