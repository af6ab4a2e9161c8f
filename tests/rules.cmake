# rules.cmake - tests of the shipped rule files beyond check_rules: each
# file validates against the schema with an independent validator
# (xmllint), so the schema and the files cannot drift together unnoticed.
find_program(ML_XMLLINT xmllint)
if(ML_XMLLINT)
  file(GLOB ML_RULE_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/markings/*.xml)
  # lanes.xml and register.xml have their own schemas (below)
  list(REMOVE_ITEM ML_RULE_FILES ${CMAKE_SOURCE_DIR}/markings/lanes.xml
    ${CMAKE_SOURCE_DIR}/markings/register.xml)
  add_test(NAME rules_schema
    COMMAND ${ML_XMLLINT} --noout --nonet
      --relaxng ${CMAKE_SOURCE_DIR}/markings/markings.rng ${ML_RULE_FILES})
endif()
if(ML_XMLLINT)
  add_test(NAME lanes_schema
    COMMAND ${ML_XMLLINT} --noout --nonet
      --relaxng ${CMAKE_SOURCE_DIR}/markings/lanes.rng
      ${CMAKE_SOURCE_DIR}/markings/lanes.xml)
endif()
if(ML_XMLLINT)
  add_test(NAME register_schema
    COMMAND ${ML_XMLLINT} --noout --nonet
      --relaxng ${CMAKE_SOURCE_DIR}/markings/register.rng
      ${CMAKE_SOURCE_DIR}/markings/register.xml)
endif()
# How well the marking verdicts agree with the register: its valid
# examples, each of its rules broken once, and a few thousand mangled
# markings whose corrections must be valid (tests/marking-accuracy.py;
# the issue's targets are the pass mark).
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME marking_accuracy
    COMMAND ${Python3_EXECUTABLE}
      ${CMAKE_CURRENT_SOURCE_DIR}/marking-accuracy.py
      $<TARGET_FILE:marklint> ${CMAKE_SOURCE_DIR} --check)
  set_tests_properties(marking_accuracy PROPERTIES LABELS rules TIMEOUT 300)
endif()
