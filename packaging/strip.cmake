# CPACK_PRE_BUILD_SCRIPTS: strips the staged files the way Debian's dh_strip
# does, with one exception.
#  * /usr/bin/tecsync: debug info, unneeded symbols, .comment and .note sections go.
#  * the plugins keep their symbol table (.symtab): the host checks a plugin's
#    ABI tag and entry symbols from it BEFORE loading the file (Boost.DLL
#    library_info reads .symtab, not .dynsym), so a fully stripped plugin is
#    refused (PluginLoadError.MissingSymbol). Only debug info and .comment go.
#    See lintian/tecsync (override) and the SDK README.
find_program(STRIP_EXECUTABLE NAMES "${CMAKE_STRIP}" strip REQUIRED)
file(GLOB_RECURSE staged_programs "${CPACK_TEMPORARY_DIRECTORY}/*/usr/bin/tecsync")
file(GLOB_RECURSE staged_plugins "${CPACK_TEMPORARY_DIRECTORY}/*/usr/lib/tecsync/plugins/*.so")
if(NOT staged_programs OR NOT staged_plugins)
  message(FATAL_ERROR "strip.cmake: nothing staged under ${CPACK_TEMPORARY_DIRECTORY}")
endif()
foreach(f IN LISTS staged_programs)
  execute_process(COMMAND "${STRIP_EXECUTABLE}" --remove-section=.comment --remove-section=.note --strip-unneeded "${f}"
                  COMMAND_ERROR_IS_FATAL ANY)
endforeach()
foreach(f IN LISTS staged_plugins)
  execute_process(COMMAND "${STRIP_EXECUTABLE}" --remove-section=.comment --strip-debug "${f}"
                  COMMAND_ERROR_IS_FATAL ANY)
endforeach()
