package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import net.sf.json.JSONObject;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface StaplerRequest2 extends HttpServletRequest {
    String getRestOfPath();

    String getRootPath();

    String getReferer();

    boolean hasParameter(String name);

    <T> T findAncestorObject(Class<T> type);

    <T> T bindJSON(Class<T> type, JSONObject src);

    void bindJSON(Object bean, JSONObject src);

    <T> List<T> bindJSONToList(Class<T> type, Object src);

    JSONObject getSubmittedForm() throws jakarta.servlet.ServletException;
}
