# Included by the main build (tests/cases/CMakeLists.txt). Builds the case
# fixture plugins as a third party would: install the SDK's `dev` component
# into a staging prefix inside the build tree, then configure and build the
# separate project in this folder against that prefix only.
#
# Gives: target `tecsync_case_fixture_plugins` (make the case tests depend on
# it) and TECSYNC_CASE_FIXTURE_DIR, the folder holding the built files (see
# CMakeLists.txt here for the list).
set(TECSYNC_SDK_STAGING "${CMAKE_BINARY_DIR}/sdk-staging")
set(TECSYNC_CASE_FIXTURE_DIR "${CMAKE_BINARY_DIR}/case_fixture_plugins")
set(fx_src "${CMAKE_CURRENT_LIST_DIR}")
set(fx_bin "${CMAKE_BINARY_DIR}/case_fixture_plugins_build")
set(fx_stamp "${fx_bin}/built.stamp")

file(GLOB fx_sources CONFIGURE_DEPENDS "${fx_src}/*.cpp" "${fx_src}/*.hpp" "${fx_src}/CMakeLists.txt")
file(GLOB_RECURSE fx_sdk_files CONFIGURE_DEPENDS
  "${PROJECT_SOURCE_DIR}/sdk/include/*.hpp" "${PROJECT_SOURCE_DIR}/sdk/cmake/*")

add_custom_command(OUTPUT "${fx_stamp}"
  COMMAND "${CMAKE_COMMAND}" -E rm -rf "${TECSYNC_SDK_STAGING}"
  COMMAND "${CMAKE_COMMAND}" --install "${CMAKE_BINARY_DIR}" --component dev --prefix "${TECSYNC_SDK_STAGING}"
  COMMAND "${CMAKE_COMMAND}" -S "${fx_src}" -B "${fx_bin}" -G "${CMAKE_GENERATOR}"
          "-DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}" "-DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE}"
          "-DCMAKE_PREFIX_PATH=${TECSYNC_SDK_STAGING}" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
          "-DFX_OUTPUT_DIR=${TECSYNC_CASE_FIXTURE_DIR}"
  COMMAND "${CMAKE_COMMAND}" --build "${fx_bin}"
  COMMAND "${CMAKE_COMMAND}" -E touch "${fx_stamp}"
  DEPENDS ${fx_sources} ${fx_sdk_files}
    "${PROJECT_BINARY_DIR}/sdk/tecsync-sdk-config.cmake" "${PROJECT_BINARY_DIR}/sdk/tecsync-sdk.pc"
  COMMENT "Case fixture plugins: SDK installed to ${TECSYNC_SDK_STAGING}, out-of-tree build"
  VERBATIM)
add_custom_target(tecsync_case_fixture_plugins ALL DEPENDS "${fx_stamp}")
