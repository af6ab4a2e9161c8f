# rules.cmake - tests of the shipped rule files beyond check_rules: each
# file validates against the schema with an independent validator
# (xmllint), so the schema and the files cannot drift together unnoticed.
find_program(ML_XMLLINT xmllint)
if(ML_XMLLINT)
  file(GLOB ML_RULE_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/markings/*.xml)
  add_test(NAME rules_schema
    COMMAND ${ML_XMLLINT} --noout --nonet
      --relaxng ${CMAKE_SOURCE_DIR}/markings/markings.rng ${ML_RULE_FILES})
endif()
