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
