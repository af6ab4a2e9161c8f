# Failure injection (included by tests/CMakeLists.txt): two LD_PRELOAD
# shims built from tests/inject/ (failwrite: ENOSPC on output; failmalloc:
# allocations fail after N) and inject.sh, which runs marklint under them.
# Not with the sanitizers: ASan owns malloc and reports what we inject.
if(MARKLINT_SANITIZE)
  return()
endif()
foreach(shim failwrite failmalloc)
  add_library(ml_inject_${shim} MODULE
    ${CMAKE_CURRENT_SOURCE_DIR}/inject/${shim}.c)
  set_target_properties(ml_inject_${shim} PROPERTIES PREFIX "")
  target_link_libraries(ml_inject_${shim} PRIVATE ${CMAKE_DL_LIBS})
endforeach()
foreach(mode write malloc)
  add_test(NAME inject:${mode}
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/inject.sh $<TARGET_FILE:marklint>
      ${CMAKE_SOURCE_DIR} $<TARGET_FILE:ml_inject_failwrite>
      $<TARGET_FILE:ml_inject_failmalloc> ${mode})
  set_tests_properties(inject:${mode} PROPERTIES LABELS inject TIMEOUT 300)
endforeach()
