# PDF tests (included by tests/CMakeLists.txt): the command-line cases of
# pdf-cli.py on PDFs written at run time, and the fidelity test on the real
# government PDFs of ../shared/corpus/realworld-gov against pdftotext.
# Registered only when marklint is built with PDF support.
if(NOT MARKLINT_PDF)
  return()
endif()
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "python3 not found: the PDF tests are not registered")
  return()
endif()
set(ML_PDF_CLI ${CMAKE_CURRENT_SOURCE_DIR}/pdf-cli.py)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${ML_PDF_CLI})
execute_process(COMMAND ${Python3_EXECUTABLE} ${ML_PDF_CLI} --list
  OUTPUT_VARIABLE ml_pdf_cases RESULT_VARIABLE rc
  OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pdf-cli.py --list failed: ${rc}")
endif()
string(REPLACE "\n" ";" ml_pdf_cases "${ml_pdf_cases}")
foreach(c ${ml_pdf_cases})
  add_test(NAME pdf:${c}
    COMMAND ${Python3_EXECUTABLE} ${ML_PDF_CLI} $<TARGET_FILE:marklint>
      ${CMAKE_BINARY_DIR}/pdf ${c})
  set_tests_properties(pdf:${c} PROPERTIES LABELS pdf TIMEOUT 300
    ENVIRONMENT "ML_REPORT_SCHEMA=${ML_REPORT_SCHEMA}")
endforeach()

# The real PDFs: at least 98% of pdftotext's words, every portion with
# its page. The corpus sits beside the checkout (CI) or beside the
# worktrees' folder.
foreach(up ".." "../..")
  get_filename_component(d
    ${CMAKE_SOURCE_DIR}/${up}/shared/corpus/realworld-gov ABSOLUTE)
  if(IS_DIRECTORY ${d} AND NOT ML_GOV_CORPUS_FOUND)
    set(ML_GOV_CORPUS_FOUND ${d})
  endif()
endforeach()
set(ML_GOV_CORPUS "${ML_GOV_CORPUS_FOUND}" CACHE PATH
  "../shared/corpus/realworld-gov: real PDFs for the fidelity test")
find_program(ML_PDFTOTEXT pdftotext)
if(MARKLINT_CORPUS AND ML_GOV_CORPUS AND ML_PDFTOTEXT)
  add_test(NAME pdf-corpus:fidelity
    COMMAND ${Python3_EXECUTABLE}
      ${CMAKE_CURRENT_SOURCE_DIR}/pdf-fidelity.py
      $<TARGET_FILE:marklint> ${ML_GOV_CORPUS} 98)
  set_tests_properties(pdf-corpus:fidelity PROPERTIES LABELS pdf
    TIMEOUT 600)
  # the register: its portion marks read as marks (95% at least; the
  # pages below are printed), its running banner found on its pages
  set(ml_capco ${ML_GOV_CORPUS}/capco/CAPCO-2016.pdf)
  if(EXISTS ${ml_capco})
    add_test(NAME pdf-corpus:register-marks
      COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/pdf-marks.py
        $<TARGET_FILE:marklint> ${ml_capco} 95
        --banner UNCLASSIFIED//FOUO)
    set_tests_properties(pdf-corpus:register-marks PROPERTIES LABELS pdf
      TIMEOUT 300)
  endif()
endif()
