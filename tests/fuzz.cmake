# The fuzz regression corpus (included by tests/CMakeLists.txt).
#
# Every file of tests/fuzz-regressions/TARGET/ is an input that once made
# fuzz target TARGET (fuzz/fuzz_TARGET.c) crash, leak or hang: one test
# each, fuzz:TARGET/FILE, runs the target over it (with the driver in an
# ordinary build, with libFuzzer in a MARKLINT_FUZZ=ON build, under the
# sanitizers when MARKLINT_SANITIZE=ON). A crash is a failed test.
# fuzz-seeds:TARGET runs the committed seeds of fuzz/corpus/TARGET/ too.
file(GLOB ML_FUZZ_REGRESSIONS CONFIGURE_DEPENDS
  ${CMAKE_CURRENT_SOURCE_DIR}/fuzz-regressions/*/*)
list(SORT ML_FUZZ_REGRESSIONS)
foreach(f ${ML_FUZZ_REGRESSIONS})
  get_filename_component(dir ${f} DIRECTORY)
  get_filename_component(target ${dir} NAME)
  get_filename_component(name ${f} NAME)
  if(NOT TARGET fuzz_${target})
    message(FATAL_ERROR "tests/fuzz-regressions/${target}/: no fuzz target fuzz/fuzz_${target}.c")
  endif()
  add_test(NAME fuzz:${target}/${name} COMMAND fuzz_${target} ${f})
  set_tests_properties(fuzz:${target}/${name} PROPERTIES
    LABELS fuzz TIMEOUT 60
    ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1;UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
endforeach()
file(GLOB ML_FUZZ_SEED_DIRS LIST_DIRECTORIES true
  ${CMAKE_SOURCE_DIR}/fuzz/corpus/*)
foreach(dir ${ML_FUZZ_SEED_DIRS})
  get_filename_component(target ${dir} NAME)
  if(IS_DIRECTORY ${dir} AND TARGET fuzz_${target})
    add_test(NAME fuzz-seeds:${target} COMMAND fuzz_${target} ${dir})
    set_tests_properties(fuzz-seeds:${target} PROPERTIES
      LABELS fuzz TIMEOUT 60)
  endif()
endforeach()
