# CPACK_PRE_BUILD_SCRIPTS: strips the staged files the way Debian's dh_strip
# does: debug info, unneeded symbols, .comment and .note sections go, from
# /usr/bin/tecsync and from the plugins alike. A stripped plugin keeps its
# dynamic symbol table (.dynsym), from which the host reads its ABI tag and
# entry symbols before loading it (core/plugins/elf_dynsym.*).
find_program(STRIP_EXECUTABLE NAMES "${CMAKE_STRIP}" strip REQUIRED)
file(GLOB_RECURSE staged_programs "${CPACK_TEMPORARY_DIRECTORY}/*/usr/bin/tecsync")
file(GLOB_RECURSE staged_plugins "${CPACK_TEMPORARY_DIRECTORY}/*/usr/lib/tecsync/plugins/*.so")
if(NOT staged_programs OR NOT staged_plugins)
  message(FATAL_ERROR "strip.cmake: nothing staged under ${CPACK_TEMPORARY_DIRECTORY}")
endif()
foreach(f IN LISTS staged_programs staged_plugins)
  execute_process(COMMAND "${STRIP_EXECUTABLE}" --remove-section=.comment --remove-section=.note --strip-unneeded "${f}"
                  COMMAND_ERROR_IS_FATAL ANY)
endforeach()
