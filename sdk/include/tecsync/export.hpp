#pragma once
/// @file
/// Registering a plugin. Include this in exactly one `.cpp` of the plugin and
/// use one of the three macros once:
///
/// ```cpp
/// class MySource {  // a plain class; may throw
///  public:
///   explicit MySource(const tecsync::HostServices& host);  // read host.config here
///   tecsync::Status read(tecsync::Strategy, tecsync::Emitter& out);
/// };
/// TECSYNC_SOURCE(MySource, "my_supplier", "1.0.0", "My supplier's price list")
/// ```
/// A transform class has `Status apply(OfferBatch&, const StreamFacts&)`; a sink
/// class has `Status begin(const CycleInfo&, const StreamFacts&)`,
/// `Status write(const OfferBatch&)`, `Status commit(CycleSummary&)` and
/// `void abort(const Status&)`.
///
/// Optional members, picked up when the class has them:
///  * `static std::span<const tecsync::ConfigKey> config_keys()` — the section's
///    keys (`config_keys.hpp`); the host validates the config against them;
///  * `Status check(std::vector<ReportItem>&)` — for `tecsync check`;
///  * sinks: `Status provision(std::vector<ReportItem>&)` — for `tecsync odoo setup`,
///    `Status recent_cycles(std::string_view pipeline, std::size_t limit,
///    std::vector<CycleRecord>& out)` — for `tecsync status`,
///    and `static constexpr bool supports_dry_run = true` when `begin` honours
///    `CycleInfo::dry_run`.
///
/// The macro exports, in ELF section `tecsync`: `tecsync_abi_<major>_<minor>`,
/// `tecsync_plugin_info` and `tecsync_create`. It wraps the class in an adapter
/// compiled into the plugin, so any exception it throws (std or not) becomes a
/// failed `Status` of class `PluginRuntimeError` inside the plugin and never
/// crosses into the host. Build plugins with `-fvisibility=hidden`: only these
/// three symbols need to be visible.

#include <boost/dll/alias.hpp>
#include <exception>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tecsync/abi.hpp"
#include "tecsync/plugin.hpp"

namespace tecsync::detail {

/// Runs `body` and turns any exception into a failed status naming the call.
template <class Body>
Status guarded(const char* plugin, const char* call, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::exception& e) {
    try {
      return Status::failed(FailureArea::plugin, "PluginRuntimeError",
                            std::string("plugin '") + plugin + "' threw in " + call + "(): " + e.what());
    } catch (...) {
      return Status{Outcome::failed, FailureArea::plugin, {}, {}};
    }
  } catch (...) {
    try {
      return Status::failed(FailureArea::plugin, "PluginRuntimeError",
                            std::string("plugin '") + plugin + "' threw a non-standard exception in " + call + "()");
    } catch (...) {
      return Status{Outcome::failed, FailureArea::plugin, {}, {}};
    }
  }
}

/// The declared keys of `Impl`, if it declares them.
template <class Impl>
ConfigSchema keys_of() {
  if constexpr (requires { Impl::config_keys(); }) {
    std::span<const ConfigKey> keys = Impl::config_keys();
    return {keys.data(), keys.size()};
  } else {
    return {};
  }
}

template <class Impl>
constexpr unsigned flags_of() {
  if constexpr (requires { Impl::supports_dry_run; }) {
    return Impl::supports_dry_run ? kPluginDryRun : 0u;
  } else {
    return 0u;
  }
}

/// `impl.check(report)` if `Impl` has it, else nothing to test.
template <class Impl>
Status check_of(const char* plugin, Impl& impl, std::vector<ReportItem>& report) noexcept {
  if constexpr (requires { impl.check(report); }) {
    return guarded(plugin, "check", [&] { return impl.check(report); });
  } else {
    (void)plugin;
    (void)impl;
    (void)report;
    return Status::ok();
  }
}

template <class Impl, const PluginInfo& Info>
class SourceAdapter final : public Source {
 public:
  explicit SourceAdapter(const HostServices& host) : impl_(host) {}
  Status read(Strategy strategy, Emitter& out) noexcept override {
    return guarded(Info.name, "read", [&] { return impl_.read(strategy, out); });
  }
  Status check(std::vector<ReportItem>& report) noexcept override { return check_of(Info.name, impl_, report); }

 private:
  Impl impl_;
};

template <class Impl, const PluginInfo& Info>
class TransformAdapter final : public Transform {
 public:
  explicit TransformAdapter(const HostServices& host) : impl_(host) {}
  Status apply(OfferBatch& batch, const StreamFacts& facts) noexcept override {
    return guarded(Info.name, "apply", [&] { return impl_.apply(batch, facts); });
  }
  Status check(std::vector<ReportItem>& report) noexcept override { return check_of(Info.name, impl_, report); }

 private:
  Impl impl_;
};

template <class Impl, const PluginInfo& Info>
class SinkAdapter final : public Sink {
 public:
  explicit SinkAdapter(const HostServices& host) : impl_(host) {}
  Status begin(const CycleInfo& cycle, const StreamFacts& facts) noexcept override {
    return guarded(Info.name, "begin", [&] { return impl_.begin(cycle, facts); });
  }
  Status write(const OfferBatch& batch) noexcept override {
    return guarded(Info.name, "write", [&] { return impl_.write(batch); });
  }
  Status commit(CycleSummary& summary) noexcept override {
    return guarded(Info.name, "commit", [&] { return impl_.commit(summary); });
  }
  void abort(const Status& why) noexcept override {
    (void)guarded(Info.name, "abort", [&] {
      impl_.abort(why);
      return Status::ok();
    });
  }
  Status check(std::vector<ReportItem>& report) noexcept override { return check_of(Info.name, impl_, report); }
  Status provision(std::vector<ReportItem>& report) noexcept override {
    if constexpr (requires { impl_.provision(report); }) {
      return guarded(Info.name, "provision", [&] { return impl_.provision(report); });
    } else {
      return Sink::provision(report);
    }
  }
  Status recent_cycles(std::string_view pipeline, std::size_t limit, std::vector<CycleRecord>& out) noexcept override {
    if constexpr (requires { impl_.recent_cycles(pipeline, limit, out); }) {
      return guarded(Info.name, "recent_cycles", [&] { return impl_.recent_cycles(pipeline, limit, out); });
    } else {
      return Sink::recent_cycles(pipeline, limit, out);
    }
  }

 private:
  Impl impl_;
};

/// Builds the adapter; constructor exceptions become `PluginConfigError`.
template <class Adapter, class Base>
Status create(const PluginInfo& info, const HostServices& host, std::unique_ptr<Base>& out) noexcept {
  Status s = guarded(info.name, "create", [&] {
    out = std::make_unique<Adapter>(host);
    return Status::ok();
  });
  if (!s.is_ok() && s.error_class == "PluginRuntimeError") s.error_class = "PluginConfigError";
  return s;
}

}  // namespace tecsync::detail

#define TECSYNC_DETAIL_CAT2(a, b) a##b
#define TECSYNC_DETAIL_CAT(a, b) TECSYNC_DETAIL_CAT2(a, b)
#define TECSYNC_DETAIL_ABI_SYMBOL \
  TECSYNC_DETAIL_CAT(TECSYNC_DETAIL_CAT(TECSYNC_DETAIL_CAT(tecsync_abi_, TECSYNC_ABI_MAJOR), _), TECSYNC_ABI_MINOR)

#define TECSYNC_DETAIL_REGISTER(Impl, Kind, AdapterTmpl, Member, Name, Version, Description)                      \
  namespace tecsync_plugin_entry {                                                                                \
  inline const ::tecsync::PluginInfo kInfo{                                                                       \
      Name,        ::tecsync::PluginKind::Kind,        Version,                                                   \
      Description, ::tecsync::detail::keys_of<Impl>(), ::tecsync::detail::flags_of<Impl>()};                      \
  inline const ::tecsync::AbiVersion kAbiTag{};                                                                   \
  inline ::tecsync::PluginInfo plugin_info() { return kInfo; }                                                    \
  inline ::tecsync::Status create(const ::tecsync::HostServices& host, ::tecsync::PluginInstance& out) noexcept { \
    return ::tecsync::detail::create<::tecsync::detail::AdapterTmpl<Impl, kInfo>>(kInfo, host, out.Member);       \
  }                                                                                                               \
  }                                                                                                               \
  BOOST_DLL_ALIAS_SECTIONED(tecsync_plugin_entry::kAbiTag, TECSYNC_DETAIL_ABI_SYMBOL, tecsync)                    \
  BOOST_DLL_ALIAS_SECTIONED(tecsync_plugin_entry::plugin_info, tecsync_plugin_info, tecsync)                      \
  BOOST_DLL_ALIAS_SECTIONED(tecsync_plugin_entry::create, tecsync_create, tecsync)

/// Registers `Impl` as a source plugin named `Name` (a string literal).
#define TECSYNC_SOURCE(Impl, Name, Version, Description) \
  TECSYNC_DETAIL_REGISTER(Impl, source, SourceAdapter, source, Name, Version, Description)
/// Registers `Impl` as a transform plugin.
#define TECSYNC_TRANSFORM(Impl, Name, Version, Description) \
  TECSYNC_DETAIL_REGISTER(Impl, transform, TransformAdapter, transform, Name, Version, Description)
/// Registers `Impl` as a sink plugin.
#define TECSYNC_SINK(Impl, Name, Version, Description) \
  TECSYNC_DETAIL_REGISTER(Impl, sink, SinkAdapter, sink, Name, Version, Description)
