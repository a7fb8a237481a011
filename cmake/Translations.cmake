# lupdate over the project's sources: with -DLUPDATE=<lupdate> -DSOURCE_DIR=<repo> -DTS=<file>,
# writes the translation template TS and fails when lupdate cannot tell a text's context (a
# tr() outside a class with Q_OBJECT or Q_DECLARE_TR_FUNCTIONS: see STYLE.md, one tr() habit).
execute_process(
  COMMAND ${LUPDATE} -I ${SOURCE_DIR} -extensions cpp,h -locations relative -no-obsolete
          ${SOURCE_DIR}/core ${SOURCE_DIR}/models ${SOURCE_DIR}/widgets ${SOURCE_DIR}/app
          -ts ${TS}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
set(all "${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "lupdate failed (${rc}):\n${all}")
endif()
string(REGEX MATCHALL "[^\n]*(lacks Q_OBJECT macro|Cannot invoke tr\\(\\))[^\n]*" stray "${all}")
if(stray)
  string(REPLACE ";" "\n  " text "${stray}")
  message(FATAL_ERROR "tr() without a context (use Q_DECLARE_TR_FUNCTIONS):\n  ${text}")
endif()
string(REGEX MATCH "Found ([0-9]+) source text" found "${all}")
message(STATUS "lupdate: ${CMAKE_MATCH_1} source texts in ${TS}")
