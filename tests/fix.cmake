# `marklint fix` (included by tests/CMakeLists.txt): corrected copies of
# text, Markdown and a DOCX (tracked changes), the threshold, --in-place.
add_test(NAME fix
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/fix.sh $<TARGET_FILE:marklint>
    ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR})
set_tests_properties(fix PROPERTIES LABELS cli TIMEOUT 120
  ENVIRONMENT "PYTHON=${ml_cli_python}")
