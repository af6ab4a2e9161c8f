# `marklint serve` (included by tests/CMakeLists.txt): tests/serve-NAME.py
# as serve:NAME (api, security, faults, browser), and the load of
# bench/serve-bench.py (32 clients x 20 requests, every answer checked, the
# server's peak memory under 512 MiB) as serve:load. Each starts its own
# server on a free loopback port (--listen 127.0.0.1:0) and stops it with
# SIGTERM, which must end it with status 0: under the sanitizers that
# covers leaks too. serve:browser needs chromium, chromedriver and
# python3-selenium (tools/install-deps), and is skipped (77) without them.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  set(ml_serve_python ${Python3_EXECUTABLE})
else()
  set(ml_serve_python python3)
endif()
# Selenium comes from Debian's python3-selenium: when the first python3
# is another one (pyenv, a venv), use the system's for the browser.
set(ml_browser_python ${ml_serve_python})
execute_process(COMMAND ${ml_serve_python} -c "import selenium"
  RESULT_VARIABLE ml_no_selenium OUTPUT_QUIET ERROR_QUIET)
if(ml_no_selenium AND EXISTS /usr/bin/python3)
  set(ml_browser_python /usr/bin/python3)
endif()

foreach(name api security faults browser)
  if(name STREQUAL "browser")
    set(py ${ml_browser_python})
  else()
    set(py ${ml_serve_python})
  endif()
  add_test(NAME serve:${name}
    COMMAND ${py} ${CMAKE_CURRENT_SOURCE_DIR}/serve-${name}.py
      $<TARGET_FILE:marklint> ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR})
  set_tests_properties(serve:${name} PROPERTIES LABELS serve TIMEOUT 300
    SKIP_RETURN_CODE 77
    ENVIRONMENT "ML_REPORT_SCHEMA=${ML_REPORT_SCHEMA}")
endforeach()
add_test(NAME serve:load
  COMMAND ${ml_serve_python} ${CMAKE_SOURCE_DIR}/bench/serve-bench.py
    --marklint $<TARGET_FILE:marklint> --clients 32 --requests 20
    --document ${CMAKE_BINARY_DIR}/fixtures/sample/rfp-draft.docx
    --max-rss-mib 512)
set_tests_properties(serve:load PROPERTIES LABELS serve TIMEOUT 300)

# The shared corpora through the service: the same reports, errors and
# annotated copies as the command line (registered as corpus.cmake does,
# when ../shared/corpus is beside the checkout).
get_filename_component(ml_serve_corpus ${CMAKE_SOURCE_DIR}/../shared/corpus
  ABSOLUTE)
if(MARKLINT_CORPUS AND IS_DIRECTORY ${ml_serve_corpus})
  add_test(NAME corpus:serve
    COMMAND ${ml_serve_python} ${CMAKE_CURRENT_SOURCE_DIR}/serve-corpus.py
      $<TARGET_FILE:marklint> ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR}
      ${ml_serve_corpus})
  set_tests_properties(corpus:serve PROPERTIES LABELS serve TIMEOUT 1500)
endif()
