# `marklint annotate` (included by tests/CMakeLists.txt): the annotated
# copy of the sample RFP and of a DOCM, read back by marklint (and by
# pandoc when installed), compared entry by entry with the input.
add_test(NAME annotate
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/annotate.sh $<TARGET_FILE:marklint>
    ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR})
set_tests_properties(annotate PROPERTIES LABELS cli TIMEOUT 120
  ENVIRONMENT "PYTHON=${ml_cli_python}")
