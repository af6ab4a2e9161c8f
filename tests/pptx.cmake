# PowerPoint tests (included by tests/CMakeLists.txt): the cases of
# pptx-cli.py on the example deck (fixtures/pptx/deck.pptx.d, zipped by
# the build) and on decks written at run time.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "python3 not found: the PowerPoint tests are not registered")
  return()
endif()
set(ML_PPTX_CLI ${CMAKE_CURRENT_SOURCE_DIR}/pptx-cli.py)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${ML_PPTX_CLI})
execute_process(COMMAND ${Python3_EXECUTABLE} ${ML_PPTX_CLI} --list
  OUTPUT_VARIABLE ml_pptx_cases RESULT_VARIABLE rc
  OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pptx-cli.py --list failed: ${rc}")
endif()
string(REPLACE "\n" ";" ml_pptx_cases "${ml_pptx_cases}")
foreach(c ${ml_pptx_cases})
  add_test(NAME pptx:${c}
    COMMAND ${Python3_EXECUTABLE} ${ML_PPTX_CLI} $<TARGET_FILE:marklint>
      ${CMAKE_BINARY_DIR}/fixtures ${CMAKE_BINARY_DIR}/pptx ${c})
  set_tests_properties(pptx:${c} PROPERTIES LABELS pptx TIMEOUT 120
    ENVIRONMENT "ML_REPORT_SCHEMA=${ML_REPORT_SCHEMA}")
endforeach()
