#include "profile.hpp"

#include <cctype>
#include <stdexcept>

namespace tecsync::odoo_rpc {

Profile profile_from_version(const nlohmann::json& r) {
  Profile p;
  int major = 0;
  if (r.is_object()) {
    p.server_version = r.value("server_version", std::string());
    auto info = r.find("server_version_info");
    if (info != r.end() && info->is_array() && !info->empty() && (*info)[0].is_number_integer())
      major = (*info)[0].get<int>();
    // Enterprise/SaaS builds say `saas~17.2`: take the first number in the text.
    for (std::size_t i = 0; major == 0 && i < p.server_version.size(); ++i)
      if (std::isdigit(static_cast<unsigned char>(p.server_version[i]))) {
        major = std::atoi(p.server_version.c_str() + i);
        break;
      }
  }
  if (major == 0) throw std::runtime_error("common.version did not say which Odoo this is: " + r.dump().substr(0, 200));
  if (major < 17)
    throw std::runtime_error("Odoo " + p.server_version + " is not supported: odoo_rpc speaks to Odoo 17 and 18");
  p.major = major;
  return p;
}

void add_storable(const Profile& profile, nlohmann::json& vals) {
  if (profile.major >= 18) {
    vals["type"] = "consu";
    vals["is_storable"] = true;
  } else {
    vals["detailed_type"] = "product";
  }
}

}  // namespace tecsync::odoo_rpc
