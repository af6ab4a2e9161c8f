# A product people can install: `cmake --install` into a temporary prefix
# (install:prefix) and the Debian package of CPack (install:deb), each
# run as a user would run it. install:deb runs alone: cpack first makes
# sure the build is up to date.
add_test(NAME install:prefix
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/install-prefix.sh
    ${CMAKE_COMMAND} ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})
set_tests_properties(install:prefix PROPERTIES LABELS install TIMEOUT 120)
add_test(NAME install:deb
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/install-deb.sh
    ${CMAKE_CPACK_COMMAND} ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})
set_tests_properties(install:deb PROPERTIES LABELS install TIMEOUT 300
  SKIP_RETURN_CODE 77 RUN_SERIAL TRUE)
