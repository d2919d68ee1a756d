# tecsync_add_plugin(NAME SOURCES a.cpp b.cpp [LIBS lib…])
# tecsync's own plugins use the helper the SDK ships (sdk/cmake/TecsyncAddPlugin.cmake:
# MODULE `tecsync_<NAME>.so`, no prefix, hidden visibility, --no-undefined), so they
# are built exactly as a third party's. In tree they also go to the build tree's
# plugin folder, get the project's warnings, and install into the packaged
# plugin folder (component runtime).
include("${CMAKE_CURRENT_LIST_DIR}/../sdk/cmake/TecsyncAddPlugin.cmake")
set(TECSYNC_PLUGIN_OUTPUT_DIRECTORY "${TECSYNC_BUILD_PLUGIN_DIR}")
set(TECSYNC_PLUGIN_INSTALL_DESTINATION "${TECSYNC_PLUGIN_INSTALL_DIR}")
set(TECSYNC_PLUGIN_INSTALL_COMPONENT runtime)
set(TECSYNC_PLUGIN_LINK_LIBRARIES tecsync_warnings)
