# Static checks as tests: cppcheck on the checks enabled here, and the
# banned-function list (curl's checksrc idea): no strcpy, strcat, sprintf,
# strtok, gets or atoi in lint/ or fuzz/ (bounded and checked versions
# exist for each). cppcheck is skipped when it is not installed (CI
# installs it: tools/install-deps --ci).
find_program(ML_CPPCHECK cppcheck)
if(ML_CPPCHECK)
  add_test(NAME lint:cppcheck
    COMMAND ${ML_CPPCHECK} --quiet --enable=warning,portability,performance
      --std=c11 --error-exitcode=1 --inline-suppr -D_POSIX_C_SOURCE=200809L
      -I${CMAKE_SOURCE_DIR}/lint/include ${CMAKE_SOURCE_DIR}/lint ${CMAKE_SOURCE_DIR}/fuzz)
endif()
add_test(NAME lint:banned-functions
  COMMAND sh -c "! grep -nE '(^|[^_a-z])(strcpy|strcat|sprintf|strtok|gets|atoi) *[(]' ${CMAKE_SOURCE_DIR}/lint/*/*.c ${CMAKE_SOURCE_DIR}/lint/*/*.cc ${CMAKE_SOURCE_DIR}/lint/*/*.h ${CMAKE_SOURCE_DIR}/fuzz/*.c")
add_test(NAME lint:layout
  COMMAND sh ${CMAKE_SOURCE_DIR}/tests/layout.sh ${CMAKE_SOURCE_DIR})
